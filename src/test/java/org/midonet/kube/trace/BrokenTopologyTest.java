package org.midonet.kube.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.trace.Topology.Chain;
import org.midonet.kube.trace.Topology.Route;

/** A topology broken behind the translation's back: the trace says where the packet is lost and why. */
class BrokenTopologyTest {
    private SampleNetwork network;

    @BeforeEach
    void start() throws Exception {
        network = SampleNetwork.ours();
    }

    @AfterEach
    void stop() {
        network.close();
    }

    @Test
    void aMissingRouteLosesThePacketAtTheRouter() {
        Route toWorker2 = routeTo("10.1.2.0/24");
        delete("/routes/" + toWorker2.id());

        Trace trace = network.send("pod/default/web-7c9f8d6b5-2lq8n", "pod/default/db-0:5432").get(0).forward();

        assertThat(trace.delivered()).isFalse();
        assertThat(trace.drop().where()).isEqualTo("router ClusterRouter");
        assertThat(trace.drop().reason()).contains("no route to 10.1.2.30");
    }

    @Test
    void aRemovedDnatLeavesTheServiceAddressUntranslated() {
        Chain chain = chainNamed("KUBE-SVC-default/web/http");
        delete("/rules/" + chain.rules().get(0).id());

        Trace trace = network.send("pod/default/db-0", "svc/default/web:80").get(0).forward();

        assertThat(trace.steps()).noneMatch(s -> s.kind().equals("nat"));
        assertThat(trace.steps()).anyMatch(s -> s.device().equals("KUBE-SVC-default/web/http")
                && s.text().startsWith("no rule matches"));
        assertThat(trace.drop().reason()).contains("no route to 10.96.12.34");
    }

    @Test
    void aMissingArpEntryLosesThePacketBeforeTheLastBridge() {
        UUID bridge = network.tracer.topology().devices().stream().filter(d -> "worker-2".equals(d.name())).findFirst()
                .orElseThrow().id();
        delete("/bridges/" + bridge + "/arp_table/10.1.2.30_02-00-0a-01-02-1e");

        Trace trace = network.send("pod/default/web-7c9f8d6b5-2lq8n", "pod/default/db-0:5432").get(0).forward();

        assertThat(trace.drop().where()).isEqualTo("router ClusterRouter");
        assertThat(trace.drop().reason()).contains("no MAC known for next hop 10.1.2.30");
    }

    @Test
    void aDropRuleIsNamedWithItsIdAndChain() {
        Chain main = chainNamed("KUBE-MAIN");
        String body = "{\"type\":\"drop\",\"position\":1,\"dlType\":2048,\"nwDstAddress\":\"10.1.2.30\",\"nwDstLength\":32}";
        MidonetClient.Reply reply = network.network.client().call("POST", "/chains/" + main.id() + "/rules",
                "application/vnd.org.midonet.Rule-v2+json", body, "rules");
        assertThat(reply.status()).isEqualTo(201);
        network.reread();
        UUID dropRule = chainNamed("KUBE-MAIN").rules().get(0).id();

        Trace trace = network.send("pod/default/web-7c9f8d6b5-2lq8n", "pod/default/db-0:5432").get(0).forward();

        assertThat(trace.drop().where()).isEqualTo("bridge worker-1 inbound filter");
        assertThat(trace.drop().ruleId()).isEqualTo(dropRule);
        assertThat(trace.drop().reason()).contains("dropped by rule #1 drop [ipv4 dst 10.1.2.30/32]").contains("KUBE-MAIN");
    }

    private Route routeTo(String destination) {
        Topology topology = network.tracer.topology();
        UUID router = topology.devices().stream().filter(d -> "ClusterRouter".equals(d.name())).findFirst().orElseThrow().id();
        return topology.routesOf(router).stream().filter(r -> r.destination().toString().equals(destination)
                && r.type().equals("Normal")).findFirst().orElseThrow();
    }

    private Chain chainNamed(String name) {
        return network.tracer.topology().chains().stream().filter(c -> name.equals(c.name())).findFirst().orElseThrow();
    }

    private void delete(String path) {
        MidonetClient.Reply reply = network.network.client().call("DELETE", path, null, null, "test");
        assertThat(reply.status()).as(path + ": " + reply.body()).isEqualTo(204);
        network.reread();
    }
}

package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.midonet.kube.demo.FakeApiServer;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.trace.OfflineNetwork;
import org.midonet.kube.translate.Ids;
import org.midonet.kube.translate.RuleBase;

class TraceCommandTest {

    @Test
    void tracesManifestsOfflineToEveryEndpointWithTheReplies() {
        CommandRun run = CommandRun.of("trace", "-f", "samples/", "--from", "pod/default/db-0",
                "--to", "svc/kube-system/kube-dns:dns", "--reply");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Tracing pod/default/db-0 -> service kube-system/kube-dns port dns (10.96.0.10:53 udp)",
                "outcome 1 of 2", "outcome 2 of 2", "DELIVERED to pod kube-system/coredns-5d78c9869d-7xk2p",
                "DELIVERED to pod kube-system/coredns-5d78c9869d-q9w4z",
                "reply: DELIVERED to pod default/db-0 as udp 10.96.0.10:53", "Result: 2 of 2 outcomes delivered");
    }

    @Test
    void theNodesOutsideTheClusterCidrAreNotTranslatedAndSaidSo() {
        CommandRun run = CommandRun.of("trace", "-f", "samples/", "--cluster-cidr", "10.1.0.0/24", "--from", "pod/default/db-0",
                "--to", "svc/kube-system/kube-dns:dns");

        assertThat(run.err()).contains("warning: not translated: conflict: Node worker-2 spec.podCIDR: '10.1.2.0/24' is not"
                + " within the cluster CIDR '10.1.0.0/24'");
        assertThat(run.exitCode()).as(run.out()).isNotZero();
    }

    @Test
    void theSamplesAreWithinTheirClusterCidr() {
        CommandRun run = CommandRun.of("trace", "-f", "samples/", "--cluster-cidr", "10.1.0.0/16", "--from", "pod/default/db-0",
                "--to", "svc/kube-system/kube-dns:dns");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("not translated");
    }

    @Test
    void aDroppedPacketExitsWithOneAndSaysWhere() {
        CommandRun run = CommandRun.of("trace", "-f", "samples/", "--from", "pod/default/db-0", "--to", "10.96.12.34:81");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("DROPPED at router ClusterRouter: no route to 10.96.12.34", "Result: dropped");
    }

    @Test
    void jsonOutputForScripts() throws Exception {
        CommandRun run = CommandRun.of("trace", "-f", "samples/", "--from", "node/worker-1", "--to", "pod/default/db-0:5432",
                "--reply", "-o", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("verdict").asText()).isEqualTo("delivered");
        JsonNode outcome = json.path("outcomes").get(0);
        assertThat(outcome.path("forward").path("deliveries").get(0).path("label").asText()).isEqualTo("pod default/db-0");
        assertThat(outcome.path("reply").path("deliveries").get(0).path("packet").path("srcIp").asText()).isEqualTo("10.1.2.30");
        assertThat(outcome.path("forward").path("steps")).anyMatch(s -> s.path("kind").asText().equals("route"));
    }

    @Test
    void aSenderNamedByItsAddressIsFoundInTheBridgesTables() {
        CommandRun run = CommandRun.of("trace", "-f", "samples/", "--from", "10.1.2.30", "--to", "10.1.0.20:80");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("from pod default/db-0", "DELIVERED to pod default/shop-6f7d9c8b4-k2j9x");
    }

    @Test
    void namesThatDoNotResolveAreBadInput() {
        assertThat(CommandRun.of("trace", "-f", "samples/", "--from", "pod/default/nope", "--to", "10.1.2.30:1"))
                .satisfies(r -> {
                    assertThat(r.exitCode()).isEqualTo(2);
                    assertThat(r.err()).contains("no pod default/nope");
                });
        assertThat(CommandRun.of("trace", "-f", "samples/", "--from", "pod/default/db-0", "--to", "svc/default/web:nope").err())
                .contains("service default/web has no port named nope");
        assertThat(CommandRun.of("trace", "-f", "samples/", "--from", "svc/default/web", "--to", "10.1.2.30:1").err())
                .contains("a Service does not send packets");
        assertThat(CommandRun.of("trace", "-f", "samples/", "--from", "pod/default/db-0", "--to", "10.1.2.30:70000").exitCode())
                .isEqualTo(2);
        assertThat(CommandRun.of("trace", "-f", "samples/", "--from", "pod/default/db-0", "--to", "10.1.2.30:1",
                "--proto", "gre").err())
                .contains("unknown protocol gre");
    }

    @Test
    void tracesALiveClusterThroughTheKubernetesAndMidonetApis() throws Exception {
        List<HasMetadata> objects = ManifestReader.read(List.of("samples/"), System.in).objects();
        try (OfflineNetwork midonet = OfflineNetwork.start(objects, RuleBase.builtIn(), Ids.DEFAULT_TENANT);
                FakeApiServer api = FakeApiServer.start(0);
                KubernetesClient kube = api.client()) {
            objects.forEach(o -> kube.resource(o).create());

            CommandRun run = CommandRun.of("trace", "--kube-server", api.url().toString(), "--midonet-api",
                    midonet.sim().apiUri().toString(), "--midonet-password", "secret",
                    "--from", "pod/default/shop-6f7d9c8b4-k2j9x", "--to", "svc/default/shop:http", "--reply");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("snat",
                    "DELIVERED to pod default/shop-6f7d9c8b4-k2j9x as tcp 10.1.0.1:30000 -> 10.1.0.20:80",
                    "DELIVERED to pod default/shop-6f7d9c8b4-k2j9x as tcp 10.96.45.67:8080 -> 10.1.0.20:40000");
        }
    }

    @Test
    void anUnreachableMidonetIsReported() {
        CommandRun run = CommandRun.of("trace", "--kube-server", "http://127.0.0.1:1", "--midonet-api", "http://127.0.0.1:1/midonet-api",
                "--midonet-password", "x", "--from", "pod/default/db-0", "--to", "10.1.2.30:1");

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("no answer");
    }
}

package org.midonet.kube.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.common.Cidr;

/** The node agent plumbing a real network namespace that stands for the host, against a fake API server. */
@EnableKubernetesMockClient(https = false, crud = true)
class NodeAgentNamespaceTest {
    private static final KernelRoute CLUSTER_ROUTE = new KernelRoute("10.1.0.0/16", "10.1.2.1", NodeNetwork.HOST_LINK);
    private static final KernelRoute SERVICE_ROUTE = new KernelRoute("10.96.0.0/12", "10.1.2.1", NodeNetwork.HOST_LINK);

    KubernetesClient client;

    @TempDir
    Path dir;

    private final Namespaces namespaces = new Namespaces();
    private final Iproute2 ip = new Iproute2();
    private Netns host;
    private NodeAgent agent;
    private CniInstaller.Settings cni;

    @BeforeEach
    void setUp() throws IOException {
        Namespaces.assumeAvailable();
        host = namespaces.create("mkt-host");
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-1").endMetadata()
                .withNewSpec().withPodCIDR("10.1.2.0/24").endSpec().build()).create();
        cni = TestPlugin.settings(dir, dir.resolve("run/agent.sock"));
        agent = new NodeAgent(client, ip, new NodeAgent.Settings("worker-1", Cidr.parse("10.1.0.0/16"),
                Cidr.parse("10.96.0.0/12"), host, cni.agentSocket(), cni, Duration.ofMillis(100), 0));
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        namespaces.close();
    }

    private String nodeMacAnnotation() {
        var annotations = client.nodes().withName("worker-1").get().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(Annotations.MAC_ADDRESS);
    }

    @Test
    void connectsTheHostWithTheNodeAddressAndRoutesThroughTheGateway() throws Exception {
        agent.setUp();

        Link node = ip.link(host, NodeNetwork.HOST_LINK).orElseThrow();
        assertThat(node.up()).isTrue();
        assertThat(node.ipv4Addresses()).containsExactly("10.1.2.2/24");
        Link mido = ip.link(host, NodeNetwork.MIDONET_LINK).orElseThrow();
        assertThat(mido.up()).isTrue();
        assertThat(mido.ipv4Addresses()).isEmpty();
        assertThat(ip.routes(host)).contains(CLUSTER_ROUTE, SERVICE_ROUTE,
                new KernelRoute("10.1.2.0/24", null, NodeNetwork.HOST_LINK));
        assertThat(nodeMacAnnotation()).isEqualTo(node.mac());
    }

    @Test
    void installsTheCniConfigurationAndTheLauncher() throws Exception {
        agent.setUp();

        JsonNode config = new ObjectMapper().readTree(dir.resolve("etc/cni/net.d/10-midonet-kube.conflist").toFile());
        assertThat(config.path("cniVersion").asText()).isEqualTo("1.0.0");
        assertThat(config.path("name").asText()).isEqualTo("midonet-kube");
        JsonNode plugin = config.path("plugins").get(0);
        assertThat(plugin.path("type").asText()).isEqualTo("midonet-kube");
        assertThat(plugin.path("agentSocket").asText()).isEqualTo(cni.agentSocket().toString());
        JsonNode range = plugin.path("ipam").path("ranges").get(0).get(0);
        assertThat(plugin.path("ipam").path("type").asText()).isEqualTo("host-local");
        assertThat(range.path("subnet").asText()).isEqualTo("10.1.2.0/24");
        assertThat(range.path("rangeStart").asText()).as("after the gateway and the node").isEqualTo("10.1.2.3");
        assertThat(range.path("gateway").asText()).isEqualTo("10.1.2.1");

        Path launcher = dir.resolve("opt/cni/bin/midonet-kube");
        assertThat(Files.isExecutable(launcher)).isTrue();
        String script = Files.readString(launcher);
        assertThat(script).startsWith("#!/bin/sh\n").contains("exec '" + TestPlugin.java() + "'")
                .contains("org.midonet.kube.cni.CniMain").doesNotContain("$");
    }

    @Test
    void aSecondSetUpChangesNothing() throws Exception {
        List<String> first = agent.setUp();
        String mac = nodeMacAnnotation();
        long configTime = Files.getLastModifiedTime(cni.cniConfigPath()).toMillis();

        List<String> second = agent.setUp();

        assertThat(first).isNotEmpty();
        assertThat(second).isEmpty();
        assertThat(nodeMacAnnotation()).isEqualTo(mac);
        assertThat(ip.link(host, NodeNetwork.HOST_LINK).orElseThrow().mac()).isEqualTo(mac);
        assertThat(Files.getLastModifiedTime(cni.cniConfigPath()).toMillis()).isEqualTo(configTime);
    }

    @Test
    void setUpRepairsWhatWasChangedBehindItsBack() throws Exception {
        agent.setUp();
        ip.deleteRoute(host, SERVICE_ROUTE);
        ip.deleteAddress(host, NodeNetwork.HOST_LINK, "10.1.2.2/24");
        ip.addAddress(host, NodeNetwork.HOST_LINK, "10.9.9.9/24");
        Files.delete(cni.cniConfigPath());

        List<String> changes = agent.setUp();

        assertThat(changes).hasSize(5);
        assertThat(ip.link(host, NodeNetwork.HOST_LINK).orElseThrow().ipv4Addresses()).containsExactly("10.1.2.2/24");
        assertThat(ip.routes(host)).contains(CLUSTER_ROUTE, SERVICE_ROUTE);
        assertThat(cni.cniConfigPath()).exists();
    }

    @Test
    void keepsCheckingPutsBackWhatWasChangedAndFollowsANewPodCidr() throws Exception {
        agent.setUp();
        agent.keepChecking(Duration.ofMillis(200));

        ip.deleteLink(host, NodeNetwork.HOST_LINK); // its peer goes with it
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            Link link = ip.link(host, NodeNetwork.HOST_LINK).orElseThrow();
            assertThat(link.ipv4Addresses()).containsExactly("10.1.2.2/24");
            assertThat(nodeMacAnnotation()).as("the new link's MAC").isEqualTo(link.mac());
        });

        client.nodes().withName("worker-1").edit(n -> {
            n.getSpec().setPodCIDR("10.1.3.0/24");
            return n;
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(ip.link(host, NodeNetwork.HOST_LINK).orElseThrow().ipv4Addresses()).containsExactly("10.1.3.2/24");
            assertThat(ip.routes(host)).contains(new KernelRoute("10.96.0.0/12", "10.1.3.1", NodeNetwork.HOST_LINK))
                    .doesNotContain(SERVICE_ROUTE);
            assertThat(new ObjectMapper().readTree(cni.cniConfigPath().toFile()).path("plugins").get(0).path("ipam")
                    .path("ranges").get(0).get(0).path("subnet").asText()).isEqualTo("10.1.3.0/24");
        });
        assertThat(agent.lastCheck().ok()).isTrue();
    }

    @Test
    void aCheckThatCannotConnectTheNodeSaysWhyAndChangesNothing() throws Exception {
        agent.setUp();
        client.nodes().withName("worker-1").edit(n -> {
            n.getSpec().setPodCIDR(null);
            return n;
        });

        NodeAgent.Check check = agent.check();

        assertThat(check.ok()).isFalse();
        assertThat(check.problem()).isEqualTo("Node worker-1 has no spec.podCIDR");
        assertThat(agent.lastCheck()).isEqualTo(check);
        assertThat(ip.link(host, NodeNetwork.HOST_LINK).orElseThrow().ipv4Addresses()).containsExactly("10.1.2.2/24");
    }

    @Test
    void anMtuGoesOnTheNodesVethAndIntoThePluginsConfigurationAndIsKept() throws Exception {
        agent.close();
        agent = new NodeAgent(client, ip, new NodeAgent.Settings("worker-1", Cidr.parse("10.1.0.0/16"),
                Cidr.parse("10.96.0.0/12"), host, cni.agentSocket(), cni, Duration.ofMillis(100), 1450));

        agent.setUp();

        assertThat(ip.link(host, NodeNetwork.HOST_LINK).orElseThrow().mtu()).isEqualTo(1450);
        assertThat(ip.link(host, NodeNetwork.MIDONET_LINK).orElseThrow().mtu()).isEqualTo(1450);
        assertThat(new ObjectMapper().readTree(cni.cniConfigPath().toFile()).path("plugins").get(0).path("mtu").asInt())
                .isEqualTo(1450);

        ip.setMtu(host, NodeNetwork.MIDONET_LINK, 1500);
        assertThat(agent.setUp()).containsExactly("set " + NodeNetwork.MIDONET_LINK + "'s MTU to 1450");
        assertThat(ip.link(host, NodeNetwork.MIDONET_LINK).orElseThrow().mtu()).isEqualTo(1450);
    }

    @Test
    void uninstallRemovesWhatTheAgentMade() throws Exception {
        agent.setUp();

        agent.uninstall();

        assertThat(ip.link(host, NodeNetwork.HOST_LINK)).isEmpty();
        assertThat(ip.link(host, NodeNetwork.MIDONET_LINK)).isEmpty();
        assertThat(ip.routes(host)).noneMatch(r -> NodeNetwork.HOST_LINK.equals(r.device()));
        assertThat(cni.cniConfigPath()).doesNotExist();
        assertThat(cni.cniBinDir().resolve(CniInstaller.PLUGIN_TYPE)).doesNotExist();
        assertThat(nodeMacAnnotation()).isNull();
        assertThat(agent.uninstall()).as("a second uninstall finds nothing").isEmpty();
    }

    @Test
    void waitsForTheNodeToGetItsPodCidr() throws Exception {
        client.nodes().withName("worker-1").edit(n -> {
            n.getSpec().setPodCIDR(null);
            return n;
        });
        Thread setUp = new Thread(() -> {
            try {
                agent.setUp();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        setUp.start();
        Thread.sleep(300);
        assertThat(ip.link(host, NodeNetwork.HOST_LINK)).isEmpty();

        client.nodes().withName("worker-1").edit(n -> {
            n.getSpec().setPodCIDR("10.1.2.0/24");
            return n;
        });
        setUp.join(10_000);
        assertThat(ip.link(host, NodeNetwork.HOST_LINK)).isPresent();
    }

    @Test
    void writesTheMacsThePluginReportsToThePods() throws Exception {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("web-1")
                .withNamespace("default").endMetadata().withNewSpec().withNodeName("worker-1").endSpec().build()).create();
        agent.serve();

        String answer = send("{\"op\":\"pod-mac\",\"namespace\":\"default\",\"name\":\"web-1\","
                + "\"mac\":\"0a:58:0a:01:02:03\",\"containerId\":\"c0ffee\"}");
        String refused = send("{\"op\":\"pod-mac\",\"namespace\":\"default\",\"name\":\"web-1\","
                + "\"mac\":\"0a:58:0a:01:02:03;x\",\"containerId\":\"c0ffee\"}");

        assertThat(answer).isEqualTo("{\"ok\":true}");
        assertThat(refused).contains("\"ok\":false").contains("not a MAC address");
        await().atMost(Duration.ofSeconds(10)).until(() -> "0a:58:0a:01:02:03".equals(client.pods().inNamespace("default")
                .withName("web-1").get().getMetadata().getAnnotations().get(Annotations.MAC_ADDRESS)));
    }

    @Test
    void retriesAPodThatTheApiServerDoesNotHaveYet() throws Exception {
        agent.serve();
        assertThat(send("{\"op\":\"pod-mac\",\"namespace\":\"default\",\"name\":\"late\","
                + "\"mac\":\"0a:58:0a:01:02:04\",\"containerId\":\"c0ffee\"}")).isEqualTo("{\"ok\":true}");
        Thread.sleep(300);

        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("late")
                .withNamespace("default").endMetadata().withNewSpec().withNodeName("worker-1").endSpec().build()).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> "0a:58:0a:01:02:04".equals(client.pods().inNamespace("default")
                .withName("late").get().getMetadata().getAnnotations().get(Annotations.MAC_ADDRESS)));
    }

    @Test
    void refusesTheReportOfAPodBoundToAnotherNodeAndWritesNothing() throws Exception {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("theirs")
                .withNamespace("default").endMetadata().withNewSpec().withNodeName("worker-2").endSpec().build()).create();
        agent.serve();

        String answer = send("{\"op\":\"pod-mac\",\"namespace\":\"default\",\"name\":\"theirs\","
                + "\"mac\":\"0a:58:0a:01:02:05\",\"containerId\":\"c0ffee\"}");

        assertThat(answer).contains("\"ok\":false").contains("bound to node worker-2").contains("worker-1");
        Thread.sleep(300);
        assertThat(podMacAnnotation("theirs")).isNull();
        assertThat(cni.agentSocket().resolveSibling("pending").resolve("default_theirs.json")).doesNotExist();
    }

    @Test
    void dropsTheReportOfAPodThatAppearsBoundToAnotherNode() throws Exception {
        agent.serve();
        assertThat(send("{\"op\":\"pod-mac\",\"namespace\":\"default\",\"name\":\"late\","
                + "\"mac\":\"0a:58:0a:01:02:04\",\"containerId\":\"c0ffee\"}")).isEqualTo("{\"ok\":true}");
        Path pending = cni.agentSocket().resolveSibling("pending").resolve("default_late.json");
        assertThat(pending).exists();

        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("late")
                .withNamespace("default").endMetadata().withNewSpec().withNodeName("worker-2").endSpec().build()).create();

        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(pending));
        assertThat(podMacAnnotation("late")).isNull();
    }

    private String podMacAnnotation(String name) {
        var annotations = client.pods().inNamespace("default").withName(name).get().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(Annotations.MAC_ADDRESS);
    }

    private String send(String line) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(cni.agentSocket()));
            LineChannel.writeLine(channel, line);
            return LineChannel.readLine(channel, Duration.ofSeconds(5));
        }
    }
}

package org.midonet.kube.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.translate.Names;

/**
 * The whole node side as a container runtime sees it: the agent plumbs a namespace standing for the host
 * and installs the plugin; the runtime runs the installed launcher (a separate JVM) in that namespace with
 * the installed configuration, and the agent writes the Pod's MAC to the API server.
 * With -Dmidonet.kube.plugin.jar=target/midonet-kube.jar the plugin is the packaged jar with its class data
 * archive, as on a node (the default is the compiled classes, which class data sharing cannot archive).
 */
@EnableKubernetesMockClient(https = false, crud = true)
class CniLauncherTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    KubernetesClient client;

    @TempDir
    Path dir;

    private final Namespaces namespaces = new Namespaces();
    private final Iproute2 ip = new Iproute2();
    private Netns host;
    private Netns pod;
    private NodeAgent agent;
    private CniInstaller.Settings cni;
    private Path cniPath;

    @BeforeEach
    void setUp() throws Exception {
        Namespaces.assumeAvailable();
        cniPath = List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin")).stream()
                .filter(d -> Files.isExecutable(d.resolve("host-local"))).findFirst().orElse(null);
        assumeTrue(cniPath != null,
                "Skipped: the host-local IPAM plugin is not installed (apt-get install containernetworking-plugins)");
        host = namespaces.create("mkt-host");
        pod = namespaces.create("mkt-pod");
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-1").endMetadata()
                .withNewSpec().withPodCIDR("10.1.2.0/24").endSpec().build()).create();
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("web-1")
                .withNamespace("default").endMetadata().withNewSpec().withNodeName("worker-1").endSpec().build()).create();
        cni = settings();
        agent = new NodeAgent(client, ip, new NodeAgent.Settings("worker-1", Cidr.parse("10.1.0.0/16"),
                Cidr.parse("10.96.0.0/12"), host, cni.agentSocket(), cni, Duration.ofMillis(100), 0));
        agent.serve();
        agent.setUp();
    }

    private CniInstaller.Settings settings() {
        CniInstaller.Settings test = TestPlugin.settings(dir, dir.resolve("run/agent.sock"));
        String jar = System.getProperty("midonet.kube.plugin.jar");
        if (jar == null || jar.isEmpty()) {
            return test;
        }
        return new CniInstaller.Settings(test.cniBinDir(), test.cniConfigPath(), test.installDir(), test.agentSocket(),
                test.pluginJava(), Path.of(jar).toAbsolutePath().toString(), test.ipamDataDir());
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        namespaces.close();
    }

    /** The installed list's plugin configuration, with the list's name and version, as the runtime passes it. */
    private String pluginConfig(JsonNode prevResult) throws IOException {
        JsonNode list = JSON.readTree(cni.cniConfigPath().toFile());
        ObjectNode config = (ObjectNode) list.path("plugins").get(0).deepCopy();
        config.put("cniVersion", list.path("cniVersion").asText());
        config.put("name", list.path("name").asText());
        if (prevResult != null) {
            config.set("prevResult", prevResult);
        }
        return config.toString();
    }

    /** Runs the installed launcher inside the host namespace, as the runtime would. */
    private Processes.Outcome launch(String command, String config) throws IOException {
        List<String> argv = List.of(Iproute2.systemProgram("ip"), "netns", "exec", host.path().getFileName().toString(),
                cni.cniBinDir().resolve(CniInstaller.PLUGIN_TYPE).toString());
        Map<String, String> env = Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", "0123456789abcdef",
                "CNI_NETNS", pod.path().toString(), "CNI_IFNAME", "eth0", "CNI_PATH", cniPath.toString(),
                "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-1"
                        + ";K8S_POD_INFRA_CONTAINER_ID=0123456789abcdef",
                "PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        return Processes.run(argv, config.getBytes(StandardCharsets.UTF_8), env, Duration.ofSeconds(60));
    }

    @Test
    void theRuntimeConnectsAPodThroughTheInstalledPluginAndTheAgentAnnotatesIt() throws Exception {
        long start = System.nanoTime();
        Processes.Outcome add = launch("ADD", pluginConfig(null));
        long addMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("CNI ADD through the launcher took %d ms (%s)%n", addMillis,
                System.getProperty("midonet.kube.plugin.jar", "").isEmpty() ? "compiled classes, no class data archive"
                        : "packaged jar with its class data archive");

        assertThat(add.exitCode()).as(add.stdout() + add.stderr()).isZero();
        JsonNode result = JSON.readTree(add.stdout());
        Link eth0 = ip.link(pod, "eth0").orElseThrow();
        assertThat(result.path("ips").get(0).path("address").asText()).isEqualTo("10.1.2.3/24");
        assertThat(eth0.ipv4Addresses()).containsExactly("10.1.2.3/24");
        assertThat(ip.routes(pod)).contains(new KernelRoute("0.0.0.0/0", "10.1.2.1", "eth0"));
        assertThat(ip.link(host, Names.podInterfaceName("default", "web-1"))).isPresent();
        await().atMost(Duration.ofSeconds(10)).until(() -> eth0.mac().equals(client.pods().inNamespace("default")
                .withName("web-1").get().getMetadata().getAnnotations().get(Annotations.MAC_ADDRESS)));

        Processes.Outcome check = launch("CHECK", pluginConfig(result));
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
        Processes.Outcome del = launch("DEL", pluginConfig(result));
        assertThat(del.exitCode()).as(del.stdout() + del.stderr()).isZero();
        assertThat(ip.link(host, Names.podInterfaceName("default", "web-1"))).isEmpty();
        assertThat(launch("DEL", pluginConfig(result)).exitCode()).isZero();
    }

    @Test
    void versionNeedsNoNamespaceAndPrintsOnlyJson() throws Exception {
        Processes.Outcome version = launch("VERSION", "{\"cniVersion\":\"1.0.0\"}");
        assertThat(version.exitCode()).isZero();
        JsonNode json = JSON.readTree(version.stdout());
        assertThat(json.path("supportedVersions").toString()).contains("1.0.0", "0.4.0");
    }
}

package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.demo.FakeApiServer;
import org.midonet.kube.node.Iproute2;
import org.midonet.kube.node.Namespaces;
import org.midonet.kube.node.Netns;
import org.midonet.kube.node.TestPlugin;

/** The node command's options reach the agent: set up once in a namespace standing for the host, then uninstall. */
class NodeCommandTest {
    @TempDir
    Path dir;

    private final Namespaces namespaces = new Namespaces();
    private FakeApiServer api;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        api = FakeApiServer.start(0);
        client = api.client();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-1").endMetadata()
                .withNewSpec().withPodCIDR("10.1.2.0/24").endSpec().build()).create();
    }

    @AfterEach
    void stop() {
        namespaces.close();
        client.close();
        api.close();
    }

    private List<String> args(Netns host, String... more) throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\n"
                + "clusters: [{name: fake, cluster: {server: \"" + api.url() + "\"}}]\n"
                + "users: [{name: test, user: {token: test}}]\n"
                + "contexts: [{name: fake, context: {cluster: fake, user: test}}]\ncurrent-context: fake\n");
        List<String> args = new ArrayList<>(List.of("node", "--node-name", "worker-1", "--cluster-cidr", "10.1.0.0/16",
                "--kubeconfig", kubeconfig.toString(), "--log-level", "warn",
                "--cni-bin-dir", dir.resolve("bin").toString(),
                "--cni-config-path", dir.resolve("net.d/10-midonet-kube.conflist").toString(),
                "--install-dir", dir.resolve("install").toString(), "--socket", dir.resolve("agent.sock").toString(),
                "--plugin-java", TestPlugin.java().toString(), "--plugin-classpath", TestPlugin.classpath()));
        if (host != null) {
            args.addAll(List.of("--host-netns", host.path().toString()));
        }
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void setsUpOnceThenUninstalls() throws Exception {
        Namespaces.assumeAvailable();
        Netns host = namespaces.create("mkt-host");
        Iproute2 ip = new Iproute2();

        CommandRun once = CommandRun.of(args(host, "--once").toArray(String[]::new));

        assertThat(once.exitCode()).as(once.err()).isZero();
        assertThat(ip.link(host, "midokube-node").orElseThrow().ipv4Addresses()).containsExactly("10.1.2.2/24");
        assertThat(dir.resolve("net.d/10-midonet-kube.conflist")).exists();
        assertThat(client.nodes().withName("worker-1").get().getMetadata().getAnnotations()).containsKey(Annotations.MAC_ADDRESS);

        CommandRun uninstall = CommandRun.of(args(host, "--uninstall").toArray(String[]::new));

        assertThat(uninstall.exitCode()).as(uninstall.err()).isZero();
        assertThat(ip.link(host, "midokube-node")).isEmpty();
        assertThat(dir.resolve("net.d/10-midonet-kube.conflist")).doesNotExist();
        assertThat(client.nodes().withName("worker-1").get().getMetadata().getAnnotations())
                .doesNotContainKey(Annotations.MAC_ADDRESS);
    }

    @Test
    void servingItAnswersTheProbesOnceTheNodeIsConnected() throws Exception {
        Namespaces.assumeAvailable();
        Netns host = namespaces.create("mkt-host");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String[] serve = args(host, "--ops-port", Integer.toString(port), "--check-period", "PT1S").toArray(String[]::new);
        AtomicReference<CommandRun> run = new AtomicReference<>();
        Thread serving = new Thread(() -> run.set(CommandRun.of(serve)), "node-command");
        serving.start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .untilAsserted(() -> assertThat(probe(http, port, "/readyz").statusCode()).isEqualTo(200));
            assertThat(probe(http, port, "/healthz").statusCode()).isEqualTo(200);
            assertThat(new Iproute2().link(host, "midokube-node")).isPresent();
        } finally {
            serving.interrupt();
            serving.join(10_000);
        }
        assertThat(run.get().exitCode()).as(run.get().err()).isZero();
    }

    private static HttpResponse<String> probe(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBadCommandLineIsRefusedBeforeAnythingChanges() throws Exception {
        List<String> noCluster = args(null);
        noCluster.removeAll(List.of("--cluster-cidr", "10.1.0.0/16"));
        CommandRun missing = CommandRun.of(noCluster.toArray(String[]::new));
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--cluster-cidr");

        CommandRun malformed = CommandRun.of(args(null, "--service-cidr", "10.96.0.1/12").toArray(String[]::new));
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("host bits");

        assertThat(CommandRun.of(args(null, "--once", "--uninstall").toArray(String[]::new)).exitCode()).isEqualTo(2);
        CommandRun noPeriod = CommandRun.of(args(null, "--check-period", "PT0S").toArray(String[]::new));
        assertThat(noPeriod.exitCode()).isEqualTo(2);
        assertThat(noPeriod.err()).contains("--check-period must be positive");
        assertThat(CommandRun.of(args(null, "--ops-port", "70000").toArray(String[]::new)).err()).contains("--ops-port");
        assertThat(CommandRun.of(args(null, "--mtu", "10").toArray(String[]::new)).err())
                .contains("--mtu must be between 68 and 65535");
        assertThat(dir.resolve("net.d")).doesNotExist();
    }
}

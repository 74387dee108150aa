package org.midonet.kube.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midonet.kube.node.AgentServer;
import org.midonet.kube.node.Iproute2;
import org.midonet.kube.node.KernelRoute;
import org.midonet.kube.node.Link;
import org.midonet.kube.node.Namespaces;
import org.midonet.kube.node.Netns;
import org.midonet.kube.node.PodMac;
import org.midonet.kube.translate.Names;

/**
 * The plugin against real network namespaces: one stands for the host, one for the Pod, with the real
 * host-local IPAM plugin and the real agent socket (recording what it is told).
 */
class CniNamespaceTest {
    private static final String HOST_IF = Names.podInterfaceName("default", "web-1");

    @TempDir
    Path dir;

    private final Namespaces namespaces = new Namespaces();
    private final Iproute2 ip = new Iproute2();
    private final List<PodMac> reported = new CopyOnWriteArrayList<>();
    private Path cniPath;
    private Netns host;
    private Netns pod;
    private AgentServer agent;
    private String config;

    @BeforeEach
    void setUp() throws IOException {
        Namespaces.assumeAvailable();
        cniPath = CniFixture.assumeHostLocal();
        host = namespaces.create("mkt-host");
        pod = namespaces.create("mkt-pod");
        agent = AgentServer.start(dir.resolve("agent.sock"), reported::add);
        config = CniFixture.config("1.0.0", agent.socket(), dir.resolve("ipam"), "10.1.2.0/24", "10.1.2.3", "10.1.2.1");
    }

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        namespaces.close();
    }

    private Map<String, String> env(String command) {
        return CniFixture.env(command, "c0ffee01", pod, "eth0", "default", "web-1", cniPath);
    }

    private CniFixture.Run add() {
        return CniFixture.run(env("ADD"), config, host);
    }

    private List<String> allocatedIps() throws IOException {
        Path network = dir.resolve("ipam/midonet-kube");
        if (!Files.isDirectory(network)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(network)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("10.")).sorted().toList();
        }
    }

    @Test
    void addConnectsThePodThroughAVethNamedAsTheControllersExpect() throws IOException {
        CniFixture.Run run = add();

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        Link eth0 = ip.link(pod, "eth0").orElseThrow();
        assertThat(eth0.up()).isTrue();
        assertThat(eth0.ipv4Addresses()).containsExactly("10.1.2.3/24");
        assertThat(ip.routes(pod)).contains(new KernelRoute("0.0.0.0/0", "10.1.2.1", "eth0"));
        Link hostSide = ip.link(host, HOST_IF).orElseThrow();
        assertThat(hostSide.up()).isTrue();
        assertThat(hostSide.ipv4Addresses()).isEmpty();
        assertThat(reported).containsExactly(new PodMac("default", "web-1", eth0.mac(), "c0ffee01"));

        JsonNode result = run.json();
        assertThat(result.path("cniVersion").asText()).isEqualTo("1.0.0");
        assertThat(result.path("interfaces").get(0).path("name").asText()).isEqualTo(HOST_IF);
        assertThat(result.path("interfaces").get(0).has("sandbox")).isFalse();
        assertThat(result.path("interfaces").get(1).path("name").asText()).isEqualTo("eth0");
        assertThat(result.path("interfaces").get(1).path("mac").asText()).isEqualTo(eth0.mac());
        assertThat(result.path("interfaces").get(1).path("sandbox").asText()).isEqualTo(pod.path().toString());
        JsonNode ipResult = result.path("ips").get(0);
        assertThat(ipResult.path("address").asText()).isEqualTo("10.1.2.3/24");
        assertThat(ipResult.path("gateway").asText()).isEqualTo("10.1.2.1");
        assertThat(ipResult.path("interface").asInt()).isEqualTo(1);
        assertThat(ipResult.has("version")).as("no version field in 1.0.0").isFalse();
        assertThat(result.path("routes").get(0).path("dst").asText()).isEqualTo("0.0.0.0/0");
        assertThat(allocatedIps()).containsExactly("10.1.2.3");
    }

    @Test
    void addGivesBothSidesOfThePodsVethTheConfiguredMtu() {
        config = config.replace("\"type\":\"midonet-kube\",", "\"type\":\"midonet-kube\",\"mtu\":1450,");

        CniFixture.Run run = add();

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        assertThat(ip.link(pod, "eth0").orElseThrow().mtu()).isEqualTo(1450);
        assertThat(ip.link(host, HOST_IF).orElseThrow().mtu()).isEqualTo(1450);
    }

    @Test
    void addWorksWithANamespaceGivenAsAProcessPath() throws Exception {
        // as runtimes that pass /proc/PID/ns/net: ip enters it through nsenter rather than ip -n
        Process sleeper = new ProcessBuilder(Iproute2.systemProgram("ip"), "netns", "exec",
                pod.path().getFileName().toString(), "/bin/sleep", "60").start();
        try {
            Netns byProcess = Netns.of(Path.of("/proc", Long.toString(sleeper.pid()), "ns", "net"));
            await().until(() -> ip.link(byProcess, "lo").isPresent()
                    && ip.link(byProcess, "lo").get().up());
            CniFixture.Run run = CniFixture.run(CniFixture.env("ADD", "c0ffee01", byProcess, "eth0", "default", "web-1", cniPath),
                    config, host);

            assertThat(run.exitCode()).as(run.stdout()).isZero();
            assertThat(ip.link(pod, "eth0").orElseThrow().ipv4Addresses()).containsExactly("10.1.2.3/24");
            assertThat(ip.routes(byProcess)).contains(new KernelRoute("0.0.0.0/0", "10.1.2.1", "eth0"));
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    @Test
    void checkPassesAfterAddAndFailsWhenThePodLostItsRoute() throws IOException {
        CniFixture.Run added = add();
        String withResult = CniFixture.withPrevResult(config, added.stdout());

        CniFixture.Run check = CniFixture.run(env("CHECK"), withResult, host);
        assertThat(check.exitCode()).as(check.stdout()).isZero();
        assertThat(check.stdout()).isEmpty();

        ip.deleteRoute(pod, new KernelRoute("0.0.0.0/0", "10.1.2.1", "eth0"));
        CniFixture.Run broken = CniFixture.run(env("CHECK"), withResult, host);
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.errorCode()).isEqualTo(CniError.CHECK_FAILED);
        assertThat(broken.json().path("msg").asText()).contains("default route");
    }

    @Test
    void checkWithoutPrevResultIsAnInvalidConfiguration() throws IOException {
        add();
        CniFixture.Run check = CniFixture.run(env("CHECK"), config, host);
        assertThat(check.errorCode()).isEqualTo(CniError.INVALID_CONFIG);
    }

    @Test
    void delRemovesTheVethAndReleasesTheAddressAndCanBeRepeated() throws IOException {
        CniFixture.Run added = add();
        String withResult = CniFixture.withPrevResult(config, added.stdout());

        CniFixture.Run del = CniFixture.run(env("DEL"), withResult, host);
        assertThat(del.exitCode()).as(del.stdout()).isZero();
        assertThat(ip.link(host, HOST_IF)).isEmpty();
        assertThat(ip.link(pod, "eth0")).isEmpty();
        assertThat(allocatedIps()).isEmpty();

        assertThat(CniFixture.run(env("DEL"), withResult, host).exitCode()).isZero();
        namespaces.delete(pod);
        assertThat(CniFixture.run(env("DEL"), withResult, host).exitCode()).as("DEL after the namespace is gone").isZero();
        Map<String, String> withoutNetns = env("DEL");
        withoutNetns.remove("CNI_NETNS");
        assertThat(CniFixture.run(withoutNetns, config, host).exitCode()).as("DEL without CNI_NETNS").isZero();
    }

    @Test
    void aSecondPodGetsTheNextAddressAndItsOwnHostInterface() throws IOException {
        add();
        Netns other = namespaces.create("mkt-pod");
        CniFixture.Run run = CniFixture.run(CniFixture.env("ADD", "c0ffee02", other, "eth0", "default", "web-2", cniPath),
                config, host);

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        assertThat(ip.link(other, "eth0").orElseThrow().ipv4Addresses()).containsExactly("10.1.2.4/24");
        assertThat(ip.link(host, Names.podInterfaceName("default", "web-2"))).isPresent();
        assertThat(ip.link(host, HOST_IF)).isPresent();
    }

    @Test
    void addReplacesAHostInterfaceLeftByAnEarlierSandboxOfThePod() throws IOException {
        Netns old = namespaces.create("mkt-pod");
        ip.addVethPair(host, HOST_IF, null, old, "eth0", null, 0);

        CniFixture.Run run = add();

        assertThat(run.exitCode()).as(run.stdout()).isZero();
        assertThat(ip.link(host, HOST_IF)).isPresent();
        assertThat(ip.link(pod, "eth0")).isPresent();
        assertThat(ip.link(old, "eth0")).as("the old pair went with its host side").isEmpty();
    }

    @Test
    void addFailsAndReleasesTheAddressWhenThePodAlreadyHasTheInterface() throws IOException {
        Netns elsewhere = namespaces.create("mkt-other");
        ip.addVethPair(elsewhere, "x0", null, pod, "eth0", null, 0);

        CniFixture.Run run = add();

        assertThat(run.errorCode()).isEqualTo(CniError.PLUMBING_FAILED);
        assertThat(run.json().path("details").asText()).contains("File exists");
        assertThat(ip.link(host, HOST_IF)).isEmpty();
        assertThat(allocatedIps()).isEmpty();
        assertThat(reported).isEmpty();
    }

    @Test
    void theMacsAreUnicastAndLocallyAdministered() {
        for (int i = 0; i < 50; i++) {
            String mac = Macs.random();
            assertThat(mac).matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
            assertThat(Integer.parseInt(mac.substring(0, 2), 16) & 0x03).isEqualTo(0x02);
        }
    }

    @Test
    void addFailsAsTryAgainLaterAndLeavesNothingWhenTheAgentIsDown() throws IOException {
        agent.close();
        agent = null;

        CniFixture.Run run = add();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errorCode()).isEqualTo(CniError.TRY_AGAIN_LATER);
        assertThat(ip.link(host, HOST_IF)).isEmpty();
        assertThat(ip.link(pod, "eth0")).isEmpty();
        assertThat(allocatedIps()).as("the address is released").isEmpty();
    }

    @Test
    void addFailsWithTheAgentsReasonAndLeavesNothingWhenTheAgentRefusesTheReport() throws IOException {
        agent.close();
        agent = AgentServer.start(dir.resolve("agent.sock"), mac -> {
            throw new IllegalArgumentException("Pod default/web-1 is bound to node worker-2, not to this agent's node worker-1");
        });

        CniFixture.Run run = add();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errorCode()).isEqualTo(CniError.AGENT_REFUSED);
        assertThat(run.json().path("details").asText()).contains("bound to node worker-2");
        assertThat(ip.link(host, HOST_IF)).isEmpty();
        assertThat(ip.link(pod, "eth0")).isEmpty();
        assertThat(allocatedIps()).as("the address is released").isEmpty();
    }

    @Test
    void aContainerIdWithShellCharactersIsRefusedBeforeAnythingRuns() throws IOException {
        Path marker = dir.resolve("injected");
        Map<String, String> env = env("ADD");
        env.put("CNI_CONTAINERID", "abc;touch " + marker + ";$(touch " + marker + ")");

        CniFixture.Run run = CniFixture.run(env, config, host);

        assertThat(run.errorCode()).isEqualTo(CniError.INVALID_ENVIRONMENT);
        assertThat(run.json().path("msg").asText()).contains("CNI_CONTAINERID");
        assertThat(marker).doesNotExist();
        assertThat(ip.link(host, HOST_IF)).isEmpty();
        assertThat(allocatedIps()).isEmpty();
    }

    @Test
    void aHostileInterfaceNameIsRefused() throws IOException {
        for (String name : List.of("eth0;reboot", "a b", "../x", "-dev", "averyveryverylongname")) {
            Map<String, String> env = env("ADD");
            env.put("CNI_IFNAME", name);
            assertThat(CniFixture.run(env, config, host).errorCode()).as(name).isEqualTo(CniError.INVALID_ENVIRONMENT);
        }
        assertThat(ip.link(pod, "eth0")).isEmpty();
    }

    @Test
    void aMissingNetworkNamespaceIsAnUnknownContainer() throws IOException {
        Map<String, String> env = env("ADD");
        env.put("CNI_NETNS", "/var/run/netns/mkt-does-not-exist");
        CniFixture.Run run = CniFixture.run(env, config, host);
        assertThat(run.errorCode()).isEqualTo(CniError.UNKNOWN_CONTAINER);
        assertThat(allocatedIps()).isEmpty();
    }

    @Test
    void malformedOrUnsupportedConfigurationsAreRefusedWithTheirCodes() throws IOException {
        assertThat(CniFixture.run(env("ADD"), "{\"cniVersion\": ", host).errorCode()).isEqualTo(CniError.DECODING_FAILURE);
        CniFixture.Run old = CniFixture.run(env("ADD"), config.replace("\"1.0.0\"", "\"0.2.0\""), host);
        assertThat(old.errorCode()).isEqualTo(CniError.INCOMPATIBLE_VERSION);
        assertThat(CniFixture.run(env("ADD"), config.replace("host-local", "../../bin/sh"), host).errorCode())
                .isEqualTo(CniError.INVALID_CONFIG);
        assertThat(CniFixture.run(env("ADD"), config.replace("host-local", "no-such-ipam"), host).errorCode())
                .isEqualTo(CniError.INVALID_CONFIG);
        assertThat(ip.link(host, HOST_IF)).isEmpty();
    }

    @Test
    void anOlderVersionGetsItsResultFormat() throws IOException {
        String older = CniFixture.config("0.4.0", agent.socket(), dir.resolve("ipam"), "10.1.2.0/24", "10.1.2.3", "10.1.2.1");
        CniFixture.Run run = CniFixture.run(env("ADD"), older, host);
        assertThat(run.exitCode()).as(run.stdout()).isZero();
        assertThat(run.json().path("cniVersion").asText()).isEqualTo("0.4.0");
        assertThat(run.json().path("ips").get(0).path("version").asText()).isEqualTo("4");
    }
}

package org.midonet.kube.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.controller.ops.OpsServer;
import org.midonet.kube.node.CniInstaller;
import org.midonet.kube.node.Iproute2;
import org.midonet.kube.node.Netns;
import org.midonet.kube.node.NodeAgent;
import org.midonet.kube.node.NodeNetwork;
import org.midonet.kube.node.PlumbingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The node agent (the DaemonSet): connects this node to the cluster network and serves the CNI plugin. */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Connect this node to the cluster network and install and serve the CNI plugin, until stopped:",
            "the veth pair midokube-node (the node's address from its pod CIDR) / midokube-mido (bound by MidoNet),",
            "routes to the cluster and Service networks through the gateway, the Node's midonet.org/mac-address,",
            "the CNI configuration and plugin, and the socket through which the plugin reports Pods' MACs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped, or done (--once, --uninstall)", "1:could not set up (API server, kernel, files)",
            "2:bad command line"})
public final class NodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--node-name", paramLabel = "NAME", defaultValue = "${env:MIDONETKUBE_NODENAME}",
            description = "This node's Kubernetes name. Default: $MIDONETKUBE_NODENAME (the DaemonSet sets it from"
                    + " spec.nodeName).")
    String nodeName;

    @Option(names = "--cluster-cidr", paramLabel = "CIDR", defaultValue = "${env:MIDONETKUBE_CLUSTERCIDR}",
            description = "The cluster's pod network (kubeadm's --pod-network-cidr), routed through the gateway. "
                    + "Default: $MIDONETKUBE_CLUSTERCIDR.")
    String clusterCidr;

    @Option(names = "--service-cidr", paramLabel = "CIDR", defaultValue = "${env:MIDONETKUBE_SERVICECIDR:-10.96.0.0/12}",
            description = "The Service network, routed through the gateway. Default: $MIDONETKUBE_SERVICECIDR or"
                    + " ${DEFAULT-VALUE}.")
    String serviceCidr;

    @Option(names = "--socket", paramLabel = "PATH", defaultValue = "/var/run/midonet-kube/agent.sock",
            description = "The agent's Unix domain socket, the same path on the host. Default: ${DEFAULT-VALUE}.")
    Path socket;

    @Option(names = "--cni-bin-dir", paramLabel = "DIR", defaultValue = "/opt/cni/bin",
            description = "Where the plugin launcher goes (the host's CNI binary directory, as mounted). Default:"
                    + " ${DEFAULT-VALUE}.")
    Path cniBinDir;

    @Option(names = "--cni-config-path", paramLabel = "FILE",
            defaultValue = "${env:MIDONETKUBE_CNICONFIGPATH:-/etc/cni/net.d/10-midonet-kube.conflist}",
            description = "The network configuration file (in the host's directory, as mounted): a list if it ends "
                    + "in .conflist. Default: $MIDONETKUBE_CNICONFIGPATH or ${DEFAULT-VALUE}.")
    Path cniConfigPath;

    @Option(names = "--install-dir", paramLabel = "DIR", defaultValue = "/var/lib/midonet-kube/cni",
            description = "The plugin's jar, Java runtime and class archive; the same path on the host. Default:"
                    + " ${DEFAULT-VALUE}.")
    Path installDir;

    @Option(names = "--plugin-java", paramLabel = "PATH",
            description = "The host's java for the plugin. Default: a copy of this agent's runtime in the install directory.")
    Path pluginJava;

    @Option(names = "--plugin-classpath", paramLabel = "PATH[:PATH...]",
            description = "The plugin's classpath on the host. Default: a copy of this agent's jar in the install directory.")
    String pluginClasspath;

    @Option(names = "--ipam-data-dir", paramLabel = "DIR",
            description = "host-local's dataDir for the Pods' addresses. Default: host-local's own (/var/lib/cni/networks).")
    Path ipamDataDir;

    @Option(names = "--host-netns", paramLabel = "PATH",
            description = "Plumb this network namespace instead of the agent's own (for tests).")
    Path hostNetns;

    @Mixin
    KubernetesOptions kubernetes;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "${env:MIDONETKUBE_LOG_LEVEL:-info}",
            description = "error, warn, info, debug or trace. Default: ${DEFAULT-VALUE}.")
    String logLevel;

    @Option(names = "--check-period", paramLabel = "DURATION", defaultValue = "${env:MIDONETKUBE_CHECK_PERIOD:-PT30S}",
            description = "How often the node is checked again and what was changed put back, a new pod CIDR followed "
                    + "(ISO-8601, env MIDONETKUBE_CHECK_PERIOD). Default: 30 s.")
    Duration checkPeriod;

    @Option(names = "--mtu", paramLabel = "BYTES", defaultValue = "${env:MIDONETKUBE_MTU:-0}",
            description = "MTU of the node's and the Pods' veth pairs: the underlay's less MidoNet's tunnel headers, "
                    + "e.g. 1450 on a 1500-byte network with VXLAN (env MIDONETKUBE_MTU). Default: the kernel's (1500).")
    int mtu;

    @Option(names = "--ops-port", paramLabel = "PORT", defaultValue = "${env:MIDONETKUBE_NODE_OPS_PORT:-9454}",
            description = "Port of /healthz (the checks go on) and /readyz (the last check passed); 0 for any free one "
                    + "(env MIDONETKUBE_NODE_OPS_PORT). Default: ${DEFAULT-VALUE}.")
    int opsPort;

    @Option(names = "--ops-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address of that port; the agent shares the host's network, so the loopback by default. "
                    + "Default: ${DEFAULT-VALUE}.")
    String opsBind;

    @Option(names = "--once", description = "Set up (or check that all is set up) and exit, without serving the plugin.")
    boolean once;

    @Option(names = "--uninstall", description = "Remove what the agent made (CNI configuration and plugin, veth pair, "
            + "routes, the Node's MAC annotation) and exit.")
    boolean uninstall;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        NodeAgent.Settings settings = settings();
        try (KubernetesClient kube = kubernetes.client(); NodeAgent agent = new NodeAgent(kube, new Iproute2(), settings)) {
            if (uninstall) {
                agent.uninstall();
                return 0;
            }
            if (once) {
                agent.setUp();
                return 0;
            }
            agent.serve();
            try (OpsServer ops = OpsServer.builder(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                    .bind(opsBind).port(opsPort)
                    .readiness(() -> NodeProbes.readiness(agent.lastCheck()))
                    .liveness(() -> NodeProbes.liveness(agent.lastCheck(), checkPeriod, Instant.now())).build().start()) {
                agent.setUp();
                agent.keepChecking(checkPeriod);
                awaitShutdown();
            }
            return 0;
        } catch (PlumbingException | UncheckedIOException | KubernetesClientException | IOException | IllegalArgumentException
                | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private NodeAgent.Settings settings() {
        try {
            Logging.level(logLevel);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--log-level: " + e.getMessage());
        }
        if (nodeName == null || nodeName.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--node-name (or $MIDONETKUBE_NODENAME) is required");
        }
        if (checkPeriod.isNegative() || checkPeriod.isZero()) {
            throw new ParameterException(spec.commandLine(), "--check-period must be positive, not " + checkPeriod);
        }
        if (mtu != 0 && (mtu < NodeNetwork.MIN_MTU || mtu > 65535)) {
            throw new ParameterException(spec.commandLine(), "--mtu must be between " + NodeNetwork.MIN_MTU + " and 65535, not "
                    + mtu);
        }
        if (opsPort < 0 || opsPort > 65535) {
            throw new ParameterException(spec.commandLine(), "--ops-port must be between 0 and 65535, not " + opsPort);
        }
        if (once && uninstall) {
            throw new ParameterException(spec.commandLine(), "--once and --uninstall do not go together");
        }
        // uninstalling removes what exists, whatever the networks were: it needs no cluster CIDR
        Cidr cluster = uninstall && clusterCidr == null ? Cidr.parse("0.0.0.0/0") : cidr("--cluster-cidr", clusterCidr);
        CniInstaller.Settings cni = new CniInstaller.Settings(cniBinDir, cniConfigPath, installDir.toAbsolutePath(),
                socket.toAbsolutePath(), pluginJava, pluginClasspath, ipamDataDir);
        Netns host = hostNetns == null ? Netns.CURRENT : Netns.of(hostNetns);
        return new NodeAgent.Settings(nodeName, cluster, cidr("--service-cidr", serviceCidr), host, socket.toAbsolutePath(),
                cni, Duration.ofSeconds(2), mtu);
    }

    private Cidr cidr(String option, String value) {
        if (value == null) {
            throw new ParameterException(spec.commandLine(), option + " is required (or its MIDONETKUBE_ variable, see --help)");
        }
        try {
            return Cidr.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    /** Until the JVM is told to stop (SIGTERM); an interrupt (a test's) stops it too. */
    private static void awaitShutdown() {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(stopped::countDown, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            Thread.currentThread().interrupt();
        }
    }

}

package org.midonet.kube.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.common.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-node agent: connects the host to the cluster network (NodePlumbing) with the addresses of its
 * Node's pod CIDR, puts midokube-node's MAC on the Node (the controllers derive the node's MAC and ARP
 * entries from it), installs the CNI plugin, and serves the plugin's MAC reports (AgentServer), which it
 * writes to the Pods (PodMacAnnotator). Serving, it checks the node again every period ({@link #keepChecking}),
 * putting back what was changed behind its back and following a new pod CIDR; {@link #lastCheck()} says how the
 * last check went, for the probes.
 */
public final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

    /** host: the network namespace to plumb (the agent's own, except in tests); mtu: of the veth pairs, 0 for the kernel's. */
    public record Settings(String nodeName, Cidr clusterCidr, Cidr serviceCidr, Netns host, Path agentSocket,
            CniInstaller.Settings cni, Duration retry, int mtu) {
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final NodePlumbing plumbing;
    private final CniInstaller installer;
    private PodMacAnnotator annotator;
    private AgentServer server;
    private ScheduledExecutorService checker;
    private volatile Check lastCheck;

    /** How a check of the node went: when, and null or what is wrong. */
    public record Check(Instant at, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    public NodeAgent(KubernetesClient client, NetworkPlumbing plumbing, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.plumbing = new NodePlumbing(plumbing, settings.host());
        this.installer = new CniInstaller(settings.cni());
    }

    /** Starts taking the plugin's reports; before setUp, so that a restarted agent is soon reachable again. */
    public void serve() throws IOException {
        Path pending = settings.agentSocket().toAbsolutePath().getParent().resolve("pending");
        annotator = new PodMacAnnotator(client, settings.nodeName(), pending, settings.retry(), Duration.ofSeconds(30),
                Clock.systemUTC()).start();
        server = AgentServer.start(settings.agentSocket(), annotator);
        LOG.info("serving the CNI plugin on {}", settings.agentSocket());
    }

    /** Waits for the Node's pod CIDR, then plumbs, annotates and installs; the lines say what changed. */
    public List<String> setUp() throws InterruptedException {
        NodeNetwork network = awaitNetwork();
        List<String> changes = setUp(network);
        if (changes.isEmpty()) {
            inContext(() -> LOG.info("connected: {} on {}, gateway {} (nothing changed)", network.nodeAddress(),
                    NodeNetwork.HOST_LINK, network.gateway()));
        }
        lastCheck = new Check(Instant.now(), null);
        return changes;
    }

    /**
     * From now on checks the node every period as setUp does, with the Node's pod CIDR as it is then: what was
     * changed behind the agent's back is put back, a new pod CIDR re-plumbed. Each outcome is {@link #lastCheck()}.
     */
    public synchronized void keepChecking(Duration period) {
        if (checker != null) {
            throw new IllegalStateException("the agent checks the node already");
        }
        checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "node-check");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last check (or set-up) of the node; null before the first. */
    public Check lastCheck() {
        return lastCheck;
    }

    /** Checks the node once, as setUp does without waiting: the outcome is recorded, never thrown. */
    Check check() {
        Check outcome;
        try {
            Node node = client.nodes().withName(settings.nodeName()).get();
            String podCidr = node == null || node.getSpec() == null ? null : node.getSpec().getPodCIDR();
            if (podCidr == null || podCidr.isEmpty()) {
                outcome = new Check(Instant.now(), node == null ? "Node " + settings.nodeName() + " does not exist"
                        : "Node " + settings.nodeName() + " has no spec.podCIDR");
            } else {
                setUp(new NodeNetwork(Cidr.parse(podCidr), settings.clusterCidr(), settings.serviceCidr(), settings.mtu()));
                outcome = new Check(Instant.now(), null);
            }
        } catch (RuntimeException e) {
            outcome = new Check(Instant.now(), e.getMessage() == null ? e.toString() : e.getMessage());
        }
        if (!outcome.ok()) {
            String problem = outcome.problem();
            inContext(() -> LOG.warn("check failed: {}", problem));
        }
        lastCheck = outcome;
        return outcome;
    }

    private List<String> setUp(NodeNetwork network) {
        List<String> changes = new ArrayList<>();
        NodePlumbing.Outcome outcome = plumbing.ensure(network);
        changes.addAll(outcome.changes());
        if (annotateNode(outcome.mac())) {
            changes.add("annotated Node " + settings.nodeName() + " with " + Annotations.MAC_ADDRESS + "=" + outcome.mac());
        }
        changes.addAll(installer.install(network));
        inContext(() -> {
            changes.forEach(change -> LOG.info("{}", change));
            if (!changes.isEmpty()) {
                LOG.info("connected: {} on {}, gateway {}", network.nodeAddress(), NodeNetwork.HOST_LINK, network.gateway());
            }
        });
        return changes;
    }

    /** Removes the CNI configuration and plugin, the veth pair and its routes, and the Node's MAC annotation. */
    public List<String> uninstall() {
        List<String> removed = new ArrayList<>(installer.uninstall());
        removed.addAll(plumbing.remove());
        if (annotateNode(null)) {
            removed.add("the " + Annotations.MAC_ADDRESS + " annotation of Node " + settings.nodeName());
        }
        inContext(() -> removed.forEach(r -> LOG.info("removed {}", r)));
        return removed;
    }

    NodeNetwork awaitNetwork() throws InterruptedException {
        while (true) {
            Node node = client.nodes().withName(settings.nodeName()).get();
            String podCidr = node == null || node.getSpec() == null ? null : node.getSpec().getPodCIDR();
            if (podCidr != null && !podCidr.isEmpty()) {
                return new NodeNetwork(Cidr.parse(podCidr), settings.clusterCidr(), settings.serviceCidr(), settings.mtu());
            }
            inContext(() -> LOG.info("waiting for the Node {}", node == null ? "to exist" : "to get its spec.podCIDR"));
            Thread.sleep(settings.retry().toMillis());
        }
    }

    /** Logs with this agent's Node as the object of the lines. */
    private void inContext(Runnable logging) {
        LogContext.with(null, settings.nodeName(), logging);
    }

    /** Sets (or with null removes) the Node's MAC annotation; false when it already was so. */
    private boolean annotateNode(String mac) {
        Node node = client.nodes().withName(settings.nodeName()).get();
        if (node == null) {
            return false;
        }
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        String current = annotations == null ? null : annotations.get(Annotations.MAC_ADDRESS);
        if (Objects.equals(current, mac)) {
            return false;
        }
        client.nodes().withName(settings.nodeName()).edit(n -> {
            Map<String, String> edited = n.getMetadata().getAnnotations() == null ? new HashMap<>()
                    : new HashMap<>(n.getMetadata().getAnnotations());
            if (mac == null) {
                edited.remove(Annotations.MAC_ADDRESS);
            } else {
                edited.put(Annotations.MAC_ADDRESS, mac);
            }
            n.getMetadata().setAnnotations(edited);
            return n;
        });
        return true;
    }

    @Override
    public synchronized void close() {
        if (checker != null) {
            checker.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
        if (annotator != null) {
            annotator.close();
        }
    }
}

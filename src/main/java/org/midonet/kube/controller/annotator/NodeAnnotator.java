package org.midonet.kube.controller.annotator;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.midonet.kube.controller.ops.ListPages;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.common.Ipv4;
import org.midonet.kube.common.LogContext;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each Node the annotations the translation needs, as the original's node annotator did:
 * <ul>
 * <li>{@code midonet.org/host-id}: the id of the MidoNet host whose name equals the Node's name;</li>
 * <li>{@code midonet.org/tunnel-zone-id}: "" (the default tunnel zone);</li>
 * <li>{@code midonet.org/tunnel-endpoint-ip}: the Node's first InternalIP address (the first IPv4 one: MidoNet
 * tunnels over IPv4 only, so on a dual-stack Node an IPv6 address listed first is passed over).</li>
 * </ul>
 * An annotation that is already there, whoever set it, is never changed: that is how an operator overrides one.
 * Each missing annotation that can be computed is written, independently of the others, in one JSON Patch per Node
 * (never a merge patch) and only when something is missing. A Node whose MidoNet host is not registered yet is
 * logged once and looked up again every retry period with one host listing for all such Nodes; a Node without an
 * InternalIP is logged once and looked at again when it changes. The original recorded a Kubernetes Event
 * MidoNetHostIDAnnotated on the Node; so does this.
 *
 * <p>Informer events only queue Node names; one thread ("node-annotator") reads the Nodes from the informer's
 * cache, calls MidoNet and writes, so a slow MidoNet never holds up the informer. With {@code mayWrite} false
 * (another replica leads) nothing is written or asked of MidoNet; such Nodes are looked at again every retry period.
 */
public final class NodeAnnotator implements AutoCloseable {
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(30);
    public static final String EVENT_REASON = "MidoNetHostIDAnnotated";
    public static final String COMPONENT = "midonet-kube-controllers";
    static final List<String> ANNOTATIONS = List.of(Annotations.HOST_ID, Annotations.TUNNEL_ZONE_ID,
            Annotations.TUNNEL_ENDPOINT_IP);
    private static final Logger LOG = LoggerFactory.getLogger(NodeAnnotator.class);

    private final KubernetesClient kube;
    private final MidonetClient midonet;
    private final Duration retryPeriod;
    private final BooleanSupplier mayWrite;
    private final ScheduledExecutorService worker;
    /** Nodes with an event not handled yet. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    /** Nodes to look at again at the next retry: host unknown, MidoNet or the apiserver failed, or not leading. */
    private final Set<String> retry = ConcurrentHashMap.newKeySet();
    /** Nodes already reported as having no MidoNet host, or no usable InternalIP (to log it once). */
    private final Set<String> reportedNoHost = ConcurrentHashMap.newKeySet();
    private final Set<String> reportedNoAddress = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean midonetFailing = new AtomicBoolean();
    private SharedIndexInformer<Node> informer;
    private boolean closed;

    /** An annotator that writes whenever it has something to write, retrying every 30 s. */
    public NodeAnnotator(KubernetesClient kube, MidonetClient midonet) {
        this(kube, midonet, DEFAULT_RETRY_PERIOD, () -> true);
    }

    /**
     * @param retryPeriod how often to look again at Nodes whose host was missing or whose write failed
     * @param mayWrite whether this replica may write now, e.g. {@code leaderElection::isLeader}
     */
    public NodeAnnotator(KubernetesClient kube, MidonetClient midonet, Duration retryPeriod, BooleanSupplier mayWrite) {
        this.kube = Objects.requireNonNull(kube, "kube");
        this.midonet = Objects.requireNonNull(midonet, "midonet");
        if (retryPeriod.isNegative() || retryPeriod.isZero()) {
            throw new IllegalArgumentException("the retry period must be positive, not " + retryPeriod);
        }
        this.retryPeriod = retryPeriod;
        this.mayWrite = Objects.requireNonNull(mayWrite, "mayWrite");
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-annotator");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching Nodes; returns at once (see {@link #hasSynced()}). */
    public synchronized NodeAnnotator start() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (informer == null) {
            informer = kube.nodes().withLimit(ListPages.PAGE_SIZE).runnableInformer(0);
            informer.addEventHandler(new Handler());
            informer.start();
            long millis = retryPeriod.toMillis();
            worker.scheduleWithFixedDelay(this::retryAll, millis, millis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Whether the Nodes have been listed once. */
    public synchronized boolean hasSynced() {
        return informer != null && informer.hasSynced();
    }

    /** The Nodes whose MidoNet host is not known yet, sorted. */
    public Set<String> waitingForHost() {
        return new TreeSet<>(reportedNoHost);
    }

    /** Looks at the Nodes that wait for something now instead of at the next retry period (e.g. on becoming leader). */
    public void retryNow() {
        try {
            worker.execute(this::retryAll);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private final class Handler implements ResourceEventHandler<Node> {
        @Override
        public void onAdd(Node node) {
            changed(node);
        }

        @Override
        public void onUpdate(Node oldNode, Node newNode) {
            changed(newNode);
        }

        @Override
        public void onDelete(Node node, boolean deletedFinalStateUnknown) {
            forget(node.getMetadata().getName());
        }
    }

    private void changed(Node node) {
        String name = node.getMetadata().getName();
        if (missing(node).isEmpty()) {
            forget(name);
        } else if (queued.add(name)) {
            try {
                worker.execute(() -> {
                    queued.remove(name);
                    process(List.of(name));
                });
            } catch (RejectedExecutionException e) {
                queued.remove(name); // closed
            }
        }
    }

    private void forget(String name) {
        retry.remove(name);
        reportedNoHost.remove(name);
        reportedNoAddress.remove(name);
    }

    private void retryAll() {
        if (!retry.isEmpty()) {
            process(new ArrayList<>(retry));
        }
    }

    /** Handles some Nodes with at most one listing of the MidoNet hosts. */
    private void process(List<String> names) {
        Hosts hosts = new Hosts();
        for (String name : names) {
            try {
                LogContext.with(null, name, () -> annotate(name, hosts));
            } catch (RuntimeException e) {
                LogContext.with(null, name, () -> LOG.error("cannot annotate the Node; will retry", e));
                retry.add(name);
            }
        }
    }

    private void annotate(String name, Hosts hosts) {
        Node node = cached(name);
        if (node == null) {
            forget(name);
            return;
        }
        List<String> missing = missing(node);
        if (missing.isEmpty()) {
            forget(name);
            return;
        }
        if (!mayWrite.getAsBoolean()) {
            retry.add(name);
            return;
        }
        boolean again = false;
        Map<String, String> wanted = new LinkedHashMap<>();
        if (missing.contains(Annotations.HOST_ID)) {
            Optional<String> id = hosts.idOf(name);
            if (id.isPresent()) {
                wanted.put(Annotations.HOST_ID, id.get());
                reportedNoHost.remove(name);
            } else {
                again = true;
                if (hosts.listed() && reportedNoHost.add(name)) {
                    LOG.warn("MidoNet has no host of this name yet (is its agent running?); {} stays unset, looking again"
                            + " every {}", Annotations.HOST_ID, every());
                }
            }
        }
        if (missing.contains(Annotations.TUNNEL_ZONE_ID)) {
            wanted.put(Annotations.TUNNEL_ZONE_ID, "");
        }
        if (missing.contains(Annotations.TUNNEL_ENDPOINT_IP)) {
            Optional<String> ip = tunnelEndpointIp(node);
            if (ip.isPresent()) {
                wanted.put(Annotations.TUNNEL_ENDPOINT_IP, ip.get());
                reportedNoAddress.remove(name);
            } else if (reportedNoAddress.add(name)) {
                LOG.warn("the Node has no IPv4 InternalIP address; {} stays unset until it reports one",
                        Annotations.TUNNEL_ENDPOINT_IP);
            }
        }
        if (!wanted.isEmpty() && !write(name, wanted)) {
            again = true;
        }
        if (again) {
            retry.add(name);
        } else {
            retry.remove(name);
        }
    }

    /** Adds the annotations that are still absent on the server; false when the write failed and should be retried. */
    private boolean write(String name, Map<String, String> wanted) {
        AtomicReference<Map<String, String>> added = new AtomicReference<>(Map.of());
        Node written;
        try {
            written = kube.nodes().withName(name).edit(current -> {
                Map<String, String> annotations = current.getMetadata().getAnnotations() == null
                        ? new LinkedHashMap<>() : new LinkedHashMap<>(current.getMetadata().getAnnotations());
                Map<String, String> adding = new LinkedHashMap<>();
                wanted.forEach((key, value) -> {
                    if (!annotations.containsKey(key)) {
                        annotations.put(key, value);
                        adding.put(key, value);
                    }
                });
                added.set(adding);
                return new NodeBuilder(current).editMetadata().withAnnotations(annotations).endMetadata().build();
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                forget(name);
                return true;
            }
            LOG.warn("cannot annotate the Node with {}: {}; will retry", wanted, e.getMessage());
            return false;
        }
        if (!added.get().isEmpty()) {
            LOG.info("annotated {}", added.get());
            record(written, added.get());
        }
        return true;
    }

    /** The Kubernetes Event the original recorded; failing to record it is not an error of the annotation. */
    private void record(Node node, Map<String, String> added) {
        try {
            Instant now = Instant.now();
            String name = node.getMetadata().getName();
            kube.v1().events().inNamespace("default").resource(new EventBuilder()
                    .withNewMetadata().withNamespace("default")
                    .withName(name + "." + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano())).endMetadata()
                    .withNewInvolvedObject().withApiVersion("v1").withKind("Node").withName(name)
                    .withUid(node.getMetadata().getUid()).endInvolvedObject()
                    .withType("Normal").withReason(EVENT_REASON).withMessage("Annotated " + added)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.debug("cannot record the Event {}: {}", EVENT_REASON, e.getMessage());
        }
    }

    private String every() {
        return retryPeriod.toMillis() % 1000 == 0 ? retryPeriod.toSeconds() + " s" : retryPeriod.toMillis() + " ms";
    }

    private synchronized Node cached(String name) {
        return informer == null ? null : informer.getStore().getByKey(name);
    }

    /** The annotations this annotator maintains that the Node lacks. */
    static List<String> missing(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        List<String> missing = new ArrayList<>(3);
        for (String key : ANNOTATIONS) {
            if (annotations == null || !annotations.containsKey(key)) {
                missing.add(key);
            }
        }
        return missing;
    }

    /** The Node's first InternalIP that is an IPv4 address, in canonical form. */
    static Optional<String> tunnelEndpointIp(Node node) {
        if (node.getStatus() == null || node.getStatus().getAddresses() == null) {
            return Optional.empty();
        }
        for (NodeAddress address : node.getStatus().getAddresses()) {
            if ("InternalIP".equals(address.getType()) && address.getAddress() != null) {
                Long ip = Ipv4.parseOrNull(address.getAddress().trim());
                if (ip != null) {
                    return Optional.of(Ipv4.format(ip));
                }
            }
        }
        return Optional.empty();
    }

    /** The MidoNet hosts by name, listed once on first use; empty answers while MidoNet cannot be reached. */
    private final class Hosts {
        private Map<String, String> byName;
        private boolean listed;

        Optional<String> idOf(String nodeName) {
            if (byName == null) {
                byName = list();
            }
            return Optional.ofNullable(byName.get(nodeName));
        }

        /** Whether the listing succeeded (so that a missing host really is missing). */
        boolean listed() {
            return listed;
        }

        private Map<String, String> list() {
            Map<String, String> hosts = new HashMap<>();
            try {
                for (JsonNode host : midonet.hosts()) {
                    String name = host.path("name").asText(null);
                    String id = host.path("id").asText(null);
                    if (name != null && id != null) {
                        hosts.putIfAbsent(name, id);
                    }
                }
                listed = true;
                if (midonetFailing.compareAndSet(true, false)) {
                    LOG.info("MidoNet answers the host listing again");
                }
            } catch (MidonetException e) {
                if (midonetFailing.compareAndSet(false, true)) {
                    LOG.warn("cannot list the MidoNet hosts: {}; looking again every {}", e.getMessage(), every());
                }
            }
            return hosts;
        }
    }

    /** Stops watching; a Node being written is finished first (up to 5 s). */
    @Override
    public void close() {
        SharedIndexInformer<Node> current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = informer;
        }
        if (current != null) {
            current.close();
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

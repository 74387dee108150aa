package org.midonet.kube.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.common.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the MACs the CNI plugin reports to the Pods' midonet.org/mac-address annotation, on its own
 * thread, for the Pods bound to this agent's node only (spec.nodeName). A report of a Pod the API server
 * shows bound to another node is refused at once ({@link #accept} throws IllegalArgumentException, which
 * the socket answers as an error); when the API server does not answer within CHECK_TIMEOUT or the Pod is
 * not there (or not bound) yet, the report is queued, and checked again before each write: a Pod found
 * bound elsewhere then has its report dropped, never written. A write that fails (API server away, Pod not
 * seen or not bound yet) is retried with a doubling delay up to maxDelay; a newer report for the same Pod
 * replaces one still waiting. Reports waiting are kept as files in a directory, so that an agent that
 * restarts still writes them; a Pod that stays absent (or unbound) for GIVE_UP is taken as deleted and its
 * report dropped.
 */
public final class PodMacAnnotator implements Consumer<PodMac>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodMacAnnotator.class);
    static final Duration GIVE_UP = Duration.ofMinutes(10);
    /** How long a report waits on the API server for its Pod's node before it is queued unchecked. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final String nodeName;
    private final Path pendingDir;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private final Map<String, PodMac> pending = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private final Map<String, Instant> absentSince = new HashMap<>();
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(AgentServer.daemon("pod-mac-annotator"));
    private final ExecutorService checker = Executors.newFixedThreadPool(2, AgentServer.daemon("pod-mac-check"));

    /** Where a Pod is, as the API server says. */
    private enum Binding { HERE, ELSEWHERE, NOT_YET }

    /** nodeName: this agent's Node, the only one whose Pods it annotates. */
    public PodMacAnnotator(KubernetesClient client, String nodeName, Path pendingDir, Duration firstDelay, Duration maxDelay,
            Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.pendingDir = pendingDir;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.clock = clock;
    }

    /** Takes up the reports an earlier agent left unwritten. */
    public PodMacAnnotator start() throws IOException {
        Files.createDirectories(pendingDir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pendingDir, "*.json")) {
            for (Path file : files) {
                try {
                    var json = JSON.readTree(file.toFile());
                    queue(new PodMac(json.path("namespace").asText(null), json.path("name").asText(null),
                            json.path("mac").asText(null), json.path("containerId").asText(null)));
                } catch (IOException | IllegalArgumentException e) {
                    LOG.warn("dropping the unreadable pending report {}: {}", file, e.getMessage());
                    Files.deleteIfExists(file);
                }
            }
        }
        return this;
    }

    /**
     * Queues the report, or throws IllegalArgumentException when the API server shows its Pod bound to
     * another node.
     */
    @Override
    public void accept(PodMac mac) {
        String elsewhere = boundElsewhere(mac);
        if (elsewhere != null) {
            throw new IllegalArgumentException(refusal(mac, elsewhere));
        }
        LogContext.with(mac.namespace(), mac.name(), () -> {
            LOG.info("the Pod has MAC {} (container {})", mac.mac(), mac.containerId());
            try {
                Path temporary = pendingDir.resolve("." + fileName(mac) + ".tmp");
                JSON.writeValue(temporary.toFile(), mac);
                Files.move(temporary, pendingDir.resolve(fileName(mac)), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.warn("cannot keep the MAC report on disk (it is kept in memory): {}", e.getMessage());
            }
        });
        queue(mac);
    }

    /** The other node the Pod is bound to; null when it is bound here, or the API server does not tell in time. */
    private String boundElsewhere(PodMac mac) {
        CompletableFuture<Pod> lookup = CompletableFuture.supplyAsync(
                () -> client.pods().inNamespace(mac.namespace()).withName(mac.name()).get(), checker);
        try {
            Pod pod = lookup.get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return binding(pod) == Binding.ELSEWHERE ? pod.getSpec().getNodeName() : null;
        } catch (TimeoutException | ExecutionException e) {
            lookup.cancel(true);
            LogContext.with(mac.namespace(), mac.name(), () -> LOG.info(
                    "cannot check the Pod's node now ({}); the report is checked before it is written", e.toString()));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Binding binding(Pod pod) {
        String node = pod == null || pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (node == null || node.isEmpty()) {
            return Binding.NOT_YET;
        }
        return node.equals(nodeName) ? Binding.HERE : Binding.ELSEWHERE;
    }

    private String refusal(PodMac mac, String otherNode) {
        return "Pod " + mac.namespace() + "/" + mac.name() + " is bound to node " + otherNode + ", not to this agent's node "
                + nodeName;
    }

    private void queue(PodMac mac) {
        String key = mac.namespace() + "/" + mac.name();
        pending.put(key, mac);
        worker.execute(() -> write(key));
    }

    /** How many Pods wait for their annotation. */
    public int pending() {
        return pending.size();
    }

    private void write(String key) {
        PodMac mac = pending.get(key);
        if (mac != null) {
            LogContext.with(mac.namespace(), mac.name(), () -> write(key, mac));
        }
    }

    private void write(String key, PodMac mac) {
        try {
            if (annotate(mac) || absentFor(key).compareTo(GIVE_UP) >= 0) {
                if (pending.remove(key, mac)) {
                    delete(mac);
                }
                attempts.remove(key);
                absentSince.remove(key);
                return;
            }
            retry(key, "the Pod is not in the API server or not bound to a node (yet)");
        } catch (KubernetesClientException e) {
            retry(key, e.getMessage());
        }
    }

    private Duration absentFor(String key) {
        Instant since = absentSince.computeIfAbsent(key, k -> clock.instant());
        Duration absent = Duration.between(since, clock.instant());
        if (absent.compareTo(GIVE_UP) >= 0) {
            LOG.warn("the Pod has not appeared in {}; dropping its MAC report", GIVE_UP);
        }
        return absent;
    }

    private void retry(String key, String why) {
        int attempt = attempts.merge(key, 1, Integer::sum);
        long delay = Backoff.doubling(firstDelay, maxDelay).upperBound(attempt).toMillis();
        LOG.warn("cannot annotate the Pod with its MAC (attempt {}, next in {} ms): {}", attempt, delay, why);
        worker.schedule(() -> write(key), delay, TimeUnit.MILLISECONDS);
    }

    /**
     * Writes the annotation unless the Pod has it; true also when the Pod is bound to another node (the report
     * is dropped, nothing written); false when the Pod is not there or not bound yet.
     */
    private boolean annotate(PodMac mac) {
        var pod = client.pods().inNamespace(mac.namespace()).withName(mac.name());
        Pod current = pod.get();
        Binding binding = binding(current);
        if (binding == Binding.NOT_YET) {
            return false;
        }
        absentSince.remove(mac.namespace() + "/" + mac.name());
        if (binding == Binding.ELSEWHERE) {
            LOG.warn("refused the Pod's MAC report, dropping it: {}", refusal(mac, current.getSpec().getNodeName()));
            return true;
        }
        Map<String, String> annotations = current.getMetadata().getAnnotations();
        if (annotations != null && mac.mac().equals(annotations.get(Annotations.MAC_ADDRESS))) {
            return true;
        }
        pod.edit(p -> {
            Map<String, String> edited = p.getMetadata().getAnnotations() == null ? new HashMap<>()
                    : new HashMap<>(p.getMetadata().getAnnotations());
            edited.put(Annotations.MAC_ADDRESS, mac.mac());
            p.getMetadata().setAnnotations(edited);
            return p;
        });
        return true;
    }

    private void delete(PodMac mac) {
        try {
            Files.deleteIfExists(pendingDir.resolve(fileName(mac)));
        } catch (IOException e) {
            LOG.warn("cannot remove the written MAC report: {}", e.getMessage());
        }
    }

    /** Namespace and Pod names have no "_" nor "/" (PodMac checks them), so this names one Pod's file. */
    private static String fileName(PodMac mac) {
        return mac.namespace() + "_" + mac.name() + ".json";
    }

    @Override
    public void close() {
        worker.shutdownNow();
        checker.shutdownNow();
    }
}

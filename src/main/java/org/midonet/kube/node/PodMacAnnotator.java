package org.midonet.kube.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.midonet.kube.facts.FactMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the MACs the CNI plugin reports to the Pods' midonet.org/mac-address annotation, on its own
 * thread. A write that fails (API server away, Pod not seen yet) is retried with a doubling delay up to
 * maxDelay; a newer report for the same Pod replaces one still waiting.
 */
public final class PodMacAnnotator implements Consumer<PodMac>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodMacAnnotator.class);

    private final KubernetesClient client;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Map<String, PodMac> pending = new ConcurrentHashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(AgentServer.daemon("pod-mac-annotator"));

    public PodMacAnnotator(KubernetesClient client, Duration firstDelay, Duration maxDelay) {
        this.client = client;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
    }

    @Override
    public void accept(PodMac mac) {
        String key = mac.namespace() + "/" + mac.name();
        pending.put(key, mac);
        LOG.info("Pod {} has MAC {} (container {})", key, mac.mac(), mac.containerId());
        worker.execute(() -> write(key));
    }

    /** How many Pods wait for their annotation. */
    public int pending() {
        return pending.size();
    }

    private void write(String key) {
        PodMac mac = pending.get(key);
        if (mac == null) {
            return;
        }
        try {
            annotate(mac);
            pending.remove(key, mac);
            attempts.remove(key);
        } catch (KubernetesClientException | IllegalStateException e) {
            int attempt = attempts.merge(key, 1, Integer::sum);
            long delay = Math.min(maxDelay.toMillis(), firstDelay.toMillis() << Math.min(attempt - 1, 20));
            LOG.warn("Cannot annotate Pod {} with its MAC (attempt {}, next in {} ms): {}", key, attempt, delay, e.getMessage());
            worker.schedule(() -> write(key), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void annotate(PodMac mac) {
        var pod = client.pods().inNamespace(mac.namespace()).withName(mac.name());
        Pod current = pod.get();
        if (current == null) {
            throw new IllegalStateException("the Pod is not in the API server (yet)");
        }
        Map<String, String> annotations = current.getMetadata().getAnnotations();
        if (annotations != null && mac.mac().equals(annotations.get(FactMapper.MAC_ADDRESS))) {
            return;
        }
        pod.edit(p -> {
            Map<String, String> edited = p.getMetadata().getAnnotations() == null ? new HashMap<>()
                    : new HashMap<>(p.getMetadata().getAnnotations());
            edited.put(FactMapper.MAC_ADDRESS, mac.mac());
            p.getMetadata().setAnnotations(edited);
            return p;
        });
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}

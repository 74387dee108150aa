package org.midonet.kube.controller.translation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kie.api.KieBase;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.controller.ops.EventRecorder;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.facts.Problem;
import org.midonet.kube.k8s.DerivedTranslations;
import org.midonet.kube.translate.TranslationEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches Nodes, Pods, Services and EndpointSlices (or v1 Endpoints) and keeps the Translation custom resources
 * equal to their translation. Informer events only queue the changed objects; one thread owns the translation
 * engine and takes them in batches (what arrives within a short window, up to a maximum), translates them and
 * writes the Translations that changed. It starts with everything the informers listed as one batch, then
 * makes Kubernetes hold exactly the derived Translations (the global ones included; orphans and stale ones
 * removed, see {@link StaleTranslationSweeper}), and only then reports itself synced.
 *
 * <p>Start and stop may alternate (e.g. on gaining and losing leadership); each start translates from scratch.
 */
public final class TranslationController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TranslationController.class);
    /** How often, with nothing arriving, the loop looks for writes due for another attempt. */
    private static final Duration IDLE_POLL = Duration.ofMillis(100);

    private final KubernetesClient client;
    private final KieBase rules;
    private final String tenant;
    private final TranslationControllerOptions options;
    private final PendingObjects pending = new PendingObjects();
    private final WriteRetries retries;
    private final TranslationRecorder recorder;
    private final TranslationControllerMetrics metrics;
    private final ProblemReport problems;
    private final EventRecorder events;
    private final DerivedTranslations derived;
    /** Translations the pusher found not derived here (namespace/name), to set right on the translation thread. */
    private final Queue<String> notDerived = new ConcurrentLinkedQueue<>();

    /** Read by the Event recorder's lookups, written under the controller's lock. */
    private volatile SourceInformers informers;
    private ExecutorService translationThread;
    private volatile boolean stopping;
    private volatile CompletableFuture<Void> synced = new CompletableFuture<>();

    public TranslationController(KubernetesClient client, KieBase rules, String tenant, MeterRegistry registry,
            TranslationControllerOptions options) {
        this(client, rules, tenant, registry, options, DerivedTranslations.checked());
    }

    /**
     * A controller that records in {@code derived} every content it writes (for the pusher, which pushes only
     * those), and sets right the Translations the pusher reports as not derived.
     */
    public TranslationController(KubernetesClient client, KieBase rules, String tenant, MeterRegistry registry,
            TranslationControllerOptions options, DerivedTranslations derived) {
        this.client = client;
        this.rules = rules;
        this.tenant = tenant;
        this.options = options;
        this.retries = new WriteRetries(options.retryBase(), options.retryCap());
        this.derived = derived;
        this.recorder = new TranslationRecorder(client, derived);
        derived.onNotDerived(key -> {
            notDerived.add(key);
            pending.wakeUp();
        });
        this.metrics = new TranslationControllerMetrics(registry, pending::depth, retries::size);
        this.events = new EventRecorder(client, registry);
        this.problems = new ProblemReport(metrics::problem, new ProblemEvents(this::cached, events::warning));
        metrics.countConflicts(problems::conflictCount);
    }

    /** Starts the informers and the translation thread; returns at once (see {@link #awaitSynced}). */
    public synchronized void start() {
        if (translationThread != null) {
            throw new IllegalStateException("the translation controller is started already");
        }
        pending.clear();
        retries.clear();
        problems.clear();
        stopping = false;
        synced = new CompletableFuture<>();
        informers = new SourceInformers(client, options.endpoints().useSlices(client), pending);
        translationThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "translation-controller"));
        TranslationEngine engine = new TranslationEngine(rules, tenant, options.clusterCidr());
        CompletableFuture<Void> signal = synced;
        SourceInformers watched = informers;
        translationThread.execute(() -> run(engine, watched, signal));
        informers.start();
        LOG.info("translation controller started, watching {}", informers.kinds());
    }

    /** Stops watching, translates and writes what is queued already (up to the stop timeout), then stops. */
    public synchronized void stop() {
        if (translationThread == null) {
            return;
        }
        stopping = true;
        informers.stop();
        pending.wakeUp();
        translationThread.shutdown();
        try {
            if (!translationThread.awaitTermination(options.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("translation queue not drained after {}: {} objects left", options.stopTimeout(), pending.depth());
                translationThread.shutdownNow();
                translationThread.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            translationThread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        translationThread = null;
        informers = null;
        LOG.info("translation controller stopped");
    }

    /** Stops, drops the Events not yet recorded, and removes the meters from the registry. */
    @Override
    public void close() {
        stop();
        events.close();
        metrics.close();
    }

    /** The object a problem is about, as the informers hold it now; null when it is gone or not watched. */
    private HasMetadata cached(ObjectRef ref) {
        SourceInformers watched = informers;
        return watched == null ? null : watched.find(ref);
    }

    /** Whether the first batch (everything listed at start) is translated and Kubernetes holds its Translations. */
    public boolean hasSynced() {
        return synced.isDone() && !synced.isCompletedExceptionally() && !stopping;
    }

    /** Waits until {@link #hasSynced()}; false when the time is up first or the controller stopped. */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        try {
            synced.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return hasSynced();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Kubernetes objects changed and not translated yet. */
    public int queueDepth() {
        return pending.depth();
    }

    /** The problems of the objects that have some now (errors: not translated). */
    public List<Problem> problems() {
        return problems.current();
    }

    private void run(TranslationEngine engine, SourceInformers watched, CompletableFuture<Void> signal) {
        BatchTranslator translator = new BatchTranslator(engine, recorder, retries, problems, metrics);
        try (engine) {
            while (!watched.hasSynced()) {
                if (stopping) {
                    return;
                }
                Thread.sleep(20);
            }
            // the stores, not the queue: the listing's events may not all have reached the queue yet; those that
            // arrive later repeat what the engine has seen, which changes nothing
            PendingObjects.Batch first = PendingObjects.Batch.of(watched.objects());
            translator.translateFirst(first);
            if (!reconcile(translator)) {
                return;
            }
            recordLatency(first);
            derived.synced();
            signal.complete(null);
            LOG.info("translation synced: {} objects translated, {} Translation writes to retry", first.changes().size(),
                    retries.size());
            while (!stopping || pending.depth() > 0) {
                translateNextBatch(translator);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            signal.completeExceptionally(new IllegalStateException("stopped")); // no-op once synced
        }
    }

    private void translateNextBatch(BatchTranslator translator) throws InterruptedException {
        try {
            PendingObjects.Batch batch = pending.take(IDLE_POLL, options.batchQuiet(), options.batchWindow(),
                    options.maxBatchSize());
            if (!batch.isEmpty()) {
                translator.translate(batch);
                recordLatency(batch);
            }
            translator.retryDue();
            for (String key = notDerived.poll(); key != null; key = notDerived.poll()) {
                int slash = key.indexOf('/');
                translator.setRight(key.substring(0, slash), key.substring(slash + 1));
            }
        } catch (RuntimeException e) { // a bug: logged, and the loop goes on with the next batch
            LOG.error("translating a batch failed", e);
        }
    }

    /** The start-up reconciliation, retried while the Translations cannot be listed; false when stopped first. */
    private boolean reconcile(BatchTranslator translator) throws InterruptedException {
        Backoff backoff = Backoff.doubling(options.retryBase(), options.retryCap());
        for (int failures = 1; !stopping; failures++) {
            try {
                translator.reconcile();
                return true;
            } catch (KubernetesClientException e) {
                Duration wait = backoff.upperBound(failures);
                LOG.warn("cannot list the Translations (HTTP {}: {}): trying again in {} ms", e.getCode(), e.getMessage(),
                        wait.toMillis());
                Thread.sleep(Math.max(1, wait.toMillis()));
            }
        }
        return false;
    }

    private void recordLatency(PendingObjects.Batch batch) {
        long written = System.nanoTime();
        batch.changes().forEach(c -> metrics.synced(c.arrivedNanos(), written));
    }
}

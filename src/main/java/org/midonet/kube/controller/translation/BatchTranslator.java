package org.midonet.kube.controller.translation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.midonet.kube.common.LogContext;
import org.midonet.kube.facts.FactMapper;
import org.midonet.kube.facts.Problem;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.PushOrder;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of the translation thread: a batch of changed objects goes through the engine, and each Translation
 * whose content changed is written (deleted when empty). A write that fails is retried later; the first batch
 * (everything the informers listed) is followed by the start-up reconciliation with what Kubernetes holds.
 * Not thread-safe, like the engine it drives.
 */
final class BatchTranslator {
    private static final Logger LOG = LoggerFactory.getLogger(BatchTranslator.class);
    /** How many writes of the first batch are in flight at a time. */
    static final int FIRST_BATCH_WRITERS = 4;

    private final TranslationEngine engine;
    private final TranslationRecorder recorder;
    private final WriteRetries retries;
    private final ProblemReport problems;
    private final StaleTranslationSweeper sweeper = new StaleTranslationSweeper();
    private final TranslationControllerMetrics metrics;
    private final SafeEngine safeEngine;
    /** Owner uids of the first batch's live objects, and of those among them with errors. */
    private final Set<String> liveOwners = new HashSet<>();
    private final Set<String> malformedOwners = new HashSet<>();

    BatchTranslator(TranslationEngine engine, TranslationRecorder recorder, WriteRetries retries, ProblemReport problems,
            TranslationControllerMetrics metrics) {
        this.engine = engine;
        this.recorder = recorder;
        this.retries = retries;
        this.problems = problems;
        this.metrics = metrics;
        this.safeEngine = new SafeEngine(engine);
    }

    /** Translates everything the informers listed; {@link #reconcile} writes it. */
    void translateFirst(PendingObjects.Batch batch) {
        Set<String> malformed = malformed(translateAndReport(batch));
        problems.firstBatchReported();
        for (HasMetadata object : batch.upserts()) {
            if (owner(object)) {
                liveOwners.add(object.getMetadata().getUid());
                if (malformed.contains(FactMapper.refOf(object).toString())) {
                    malformedOwners.add(object.getMetadata().getUid());
                }
            }
        }
    }

    /**
     * Makes Kubernetes hold exactly the derived Translations (the global ones included): lists what is there,
     * writes what differs and removes what is stale. Throws when the Translations cannot be listed.
     */
    void reconcile() {
        Map<String, Translation> existing = new HashMap<>();
        recorder.listManaged().forEach(t -> existing.put(StaleTranslationSweeper.key(t), t));
        // referents first, as the pusher takes them: it starts pushing while these are being written
        List<Map.Entry<TranslationId, List<MidonetResource>>> ordered = new ArrayList<>(engine.translations().entrySet());
        ordered.sort(Comparator.comparingInt(e -> PushOrder.rank(e.getKey(), e.getValue())));
        // several writes in flight: a round trip per Translation, one after the other, is what a cold start of tens
        // of thousands of them waits for; outcomes are handled here, in order, as writes are
        ExecutorService writers = Executors.newFixedThreadPool(FIRST_BATCH_WRITERS, r -> {
            Thread t = new Thread(r, "translation-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Map.Entry<TranslationId, Future<Attempt>>> inFlight = new ArrayDeque<>();
            for (Map.Entry<TranslationId, List<MidonetResource>> e : ordered) {
                TranslationId id = e.getKey();
                Translation believed = existing.remove(id.toString());
                inFlight.add(Map.entry(id, writers.submit(() -> Attempt.of(() -> recorder.record(id, e.getValue(), believed)))));
                if (inFlight.size() >= 4 * FIRST_BATCH_WRITERS) {
                    settleFirst(inFlight);
                }
            }
            while (!inFlight.isEmpty()) {
                settleFirst(inFlight);
            }
        } finally {
            writers.shutdownNow();
        }
        List<Translation> stale = sweeper.atStart(existing.values(), liveOwners, malformedOwners);
        existing.values().stream().filter(t -> !stale.contains(t)).forEach(recorder::kept);
        remove(stale);
        liveOwners.clear();
        malformedOwners.clear();
    }

    /**
     * Sets right a Translation that the pusher found holding a content not derived here (written by someone
     * else): it gets back what the rules derive, or is deleted when they derive nothing under its name, unless
     * an operator marked it to be kept ({@value Translation#KEEP_NOT_DERIVED_ANNOTATION}); it is never pushed.
     */
    void setRight(String namespace, String name) {
        LogContext.with(namespace, name, () -> {
            Translation current = recorder.read(namespace, name);
            if (current == null || TranslationRecorder.deleting(current)) {
                return;
            }
            Optional<TranslationId> id = engine.find(namespace, name);
            if (id.isPresent()) {
                LOG.warn("a Translation not derived here replaced the derived one: writing back the derived content");
                write(id.get(), true, () -> recorder.record(id.get(), engine.content(id.get()), current));
            } else if ("true".equals(annotation(current, Translation.KEEP_NOT_DERIVED_ANNOTATION))) {
                LOG.warn("a Translation not derived here is kept ({}=true) but not pushed",
                        Translation.KEEP_NOT_DERIVED_ANNOTATION);
            } else {
                LOG.warn("deleting a Translation not derived here (set {}=true to keep it)",
                        Translation.KEEP_NOT_DERIVED_ANNOTATION);
                TranslationId forged = new TranslationId(namespace, name, null);
                write(forged, false, () -> recorder.delete(namespace, name, current));
            }
        });
    }

    private static String annotation(Translation t, String key) {
        Map<String, String> annotations = t.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    /** Translates a later batch and writes the Translations it changed. */
    void translate(PendingObjects.Batch batch) {
        ChangeSet changes = translateAndReport(batch);
        Map<String, ChangeSet.Change> byName = new LinkedHashMap<>();
        for (ChangeSet.Change change : changes.changes()) {
            // an owner deleted and created again under the same name: the new content wins over the deletion
            byName.merge(change.translation().toString(), change, (a, b) -> b.deleted() ? a : b);
        }
        Instant changedAt = arrivalOf(batch);
        PushOrder.changes(byName.values()).forEach(c -> write(c.translation(), !c.deleted(),
                () -> recorder.record(c.translation(), c.content(),
                        recorder.read(c.translation().namespace(), c.translation().name()), changedAt)));
        if (sweeper.keepsAny()) {
            sweepKeptTranslations(batch, changes);
        }
    }

    /** When the batch's first change arrived, as a wall-clock instant. */
    private static Instant arrivalOf(PendingObjects.Batch batch) {
        long first = batch.changes().stream().mapToLong(PendingObjects.Change::arrivedNanos).min().orElse(System.nanoTime());
        return Instant.now().minusNanos(Math.max(0, System.nanoTime() - first));
    }

    /** Writes again, from the current content, the Translations whose earlier write is due for another attempt. */
    void retryDue() {
        for (TranslationId id : retries.due()) {
            List<MidonetResource> content = engine.content(id);
            write(id, !content.isEmpty(), () -> recorder.record(id, content));
        }
    }

    private ChangeSet translateAndReport(PendingObjects.Batch batch) {
        ChangeSet changes = safeEngine.apply(batch);
        problems.batch(batch.changes().stream().map(PendingObjects.Change::ref).toList(), changes.problems());
        problems.conflicts(engine.conflicts());
        return changes;
    }

    private void sweepKeptTranslations(PendingObjects.Batch batch, ChangeSet changes) {
        Set<String> malformed = malformed(changes);
        for (PendingObjects.Change change : batch.changes()) {
            String uid = change.object().getMetadata().getUid();
            if (!owner(change.object())) {
                continue;
            } else if (change.deleted()) {
                remove(sweeper.ownerDeleted(uid));
            } else if (!malformed.contains(change.ref().toString())) {
                Set<String> derived = changes.changes().stream().filter(c -> !c.deleted() && c.translation().owner() != null
                        && uid.equals(c.translation().owner().uid()))
                        .map(c -> c.translation().toString()).collect(Collectors.toSet());
                remove(sweeper.ownerTranslated(uid, derived));
            }
        }
    }

    private void remove(List<Translation> stale) {
        for (Translation t : stale) {
            TranslationId id = new TranslationId(t.getMetadata().getNamespace(), t.getMetadata().getName(), null);
            write(id, false, () -> recorder.delete(id.namespace(), id.name(), t));
        }
    }

    /** The outcome of a write: what it did, or why it failed. */
    private record Attempt(TranslationRecorder.Outcome outcome, RuntimeException error) {
        static Attempt of(Supplier<TranslationRecorder.Outcome> write) {
            try {
                return new Attempt(write.get(), null);
            } catch (RuntimeException e) {
                return new Attempt(null, e);
            }
        }

        TranslationRecorder.Outcome get() {
            if (error != null) {
                throw error;
            }
            return outcome;
        }
    }

    /** Waits for the oldest write in flight and handles its outcome. */
    private void settleFirst(Deque<Map.Entry<TranslationId, Future<Attempt>>> inFlight) {
        Map.Entry<TranslationId, Future<Attempt>> next = inFlight.removeFirst();
        Attempt attempt;
        try {
            attempt = next.getValue().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempt = new Attempt(null, new IllegalStateException("interrupted while writing"));
        } catch (ExecutionException e) {
            attempt = new Attempt(null, new IllegalStateException(e.getCause()));
        }
        Attempt done = attempt;
        write(next.getKey(), true, done::get);
    }

    /** One write, logged with the Translation's namespace/name; a failure is scheduled for another attempt. */
    private void write(TranslationId id, boolean withContent, Supplier<TranslationRecorder.Outcome> attempt) {
        LogContext.with(id.namespace(), id.name(), () -> {
            try {
                TranslationRecorder.Outcome outcome = attempt.get();
                metrics.wrote(outcome);
                if (outcome == TranslationRecorder.Outcome.AWAITING_DELETION && withContent) {
                    Duration wait = retries.failed(id);
                    LOG.info("Translation still being deleted (finalizer {}): written again in {} ms", Translation.FINALIZER,
                            wait.toMillis());
                } else {
                    retries.succeeded(id);
                    if (outcome.wrote()) {
                        LOG.debug("Translation {}", outcome.name().toLowerCase(Locale.ROOT));
                    }
                }
            } catch (KubernetesClientException e) {
                Duration wait = retries.failed(id);
                LOG.warn("cannot write the Translation (HTTP {}: {}): trying again in {} ms", e.getCode(), e.getMessage(),
                        wait.toMillis());
            } catch (RuntimeException e) {
                Duration wait = retries.failed(id);
                LOG.error("cannot write the Translation: trying again in {} ms", wait.toMillis(), e);
            }
        });
    }

    /** The objects ("Kind namespace/name") with errors, which were not translated. */
    private static Set<String> malformed(ChangeSet changes) {
        return changes.problems().stream().filter(p -> p.severity() == Problem.Severity.ERROR)
                .map(p -> p.object().toString()).collect(Collectors.toSet());
    }

    private static boolean owner(HasMetadata object) {
        return (object instanceof Node || object instanceof Pod || object instanceof Service)
                && object.getMetadata() != null && object.getMetadata().getUid() != null;
    }
}

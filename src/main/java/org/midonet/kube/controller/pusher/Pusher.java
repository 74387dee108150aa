package org.midonet.kube.controller.pusher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.midonet.kube.apply.ApplyException;
import org.midonet.kube.apply.ApplyResult;
import org.midonet.kube.apply.BatchApplier;
import org.midonet.kube.apply.ChangeSetApplier;
import org.midonet.kube.apply.ClaimRegistry;
import org.midonet.kube.apply.Identity;
import org.midonet.kube.controller.pusher.PusherMetrics.State;
import org.midonet.kube.k8s.BackendResource;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationStatus;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.MidonetRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Makes MidoNet hold what the Translation custom resources say, and only that: the only writer of MidoNet.
 *
 * <p>An informer watches Translations in every namespace. A Translation whose resources hash
 * ({@link PusherHash}) differs from the {@code appliedHash} of its status is applied with the
 * {@link ChangeSetApplier}, from what was last applied (seen by this pusher, or the content itself when the
 * status hash is its hash) to its resources; then the status records the new hash, the objects it names, and
 * the condition Pushed=True, and an Event TranslationUpdatePushed is recorded. So a restart with nothing
 * changed makes no MidoNet call at all. A Translation changed while no pusher watched is applied over what
 * MidoNet holds (the applier adopts or corrects what exists), and the objects its status names that it no
 * longer holds are deleted. A failure sets Pushed=False with
 * the reason ({@link PusherStatus}) and records TranslationUpdateError; a failure that may pass (MidoNet
 * unavailable, a referent not there yet) is retried with capped exponential backoff, one that will not (an
 * object MidoNet rejects, a malformed entry) is left until the Translation changes.
 *
 * <p>A Translation being deleted that still has the finalizer {@code midonet.org/deleter} has its MidoNet
 * objects deleted (those no other Translation claims), then Event TranslationDeletionPushed, then the
 * finalizer removed (with a JSON Patch). Before anything is pushed, every existing Translation claims its
 * objects ({@link ClaimRegistry}), so an object moving from one Translation to another is never deleted.
 *
 * <p>Several Translations are applied at a time ({@link PusherOptions#parallelism()}), one at a time per
 * Translation, global Translations first, then those whose objects others refer to. A periodic
 * {@link #resync()} reads every pushed Translation's objects back from MidoNet and puts back what is missing
 * or changed.
 *
 * <p>Usage: {@code new Pusher(kube, midonet, registry, options)}, {@link #start()} (blocks until the
 * Translations are listed), and {@link #close()}. Start a new Pusher for each leadership term.
 */
public final class Pusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pusher.class);
    private static final String DELETED = "<deleted>";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final KubernetesClient kube;
    private final MidonetClient midonet;
    private final PusherOptions options;
    private final ChangeSetApplier applier;
    private final BatchApplier batch;
    private final PusherEvents events;
    private final StatusWriter statusWriter;
    private final PusherMetrics metrics;
    private final DriftRepair drift;
    private final MeterRegistry registry;
    private final Gauge depthGauge;
    private final PusherQueue queue = new PusherQueue("pusher");

    /** What the gauge counts, per Translation key. */
    private final TranslationStates states = new TranslationStates();
    /** What this pusher applied: newer than the informer's copy of the status until the status write comes back. */
    private final Map<String, Applied> applied = new ConcurrentHashMap<>();
    /** Content attempted since the last success (a failed attempt may have left any of it in MidoNet). */
    private final Map<String, List<BackendResource>> attempted = new ConcurrentHashMap<>();
    /** The content last observed and its hash: most updates are status writes, which leave the content alone. */
    private final Map<String, Content> contents = new ConcurrentHashMap<>();
    /** When the change not yet pushed was first observed, for the programming latency. */
    private final Map<String, Observed> observed = new ConcurrentHashMap<>();
    /** Hashes of content that failed for a reason retrying does not cure. */
    private final Map<String, String> terminal = new ConcurrentHashMap<>();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    /** Since when a Translation waits for a referent (another Translation's object). */
    private final Map<String, Long> waitingSince = new ConcurrentHashMap<>();
    /** Translations whose MidoNet objects are deleted, waiting for their finalizer to go. */
    private final Set<String> backendDeleted = ConcurrentHashMap.newKeySet();
    /** Translations gone from Kubernetes without this pusher deleting their objects (no finalizer). */
    private final Map<String, Translation> tombstones = new ConcurrentHashMap<>();
    /** The chains of Translations being deleted: MidoNet deletes their rules and the jump rules into them too. */
    private final Map<String, Set<UUID>> chainsGoing = new ConcurrentHashMap<>();

    private final Object resyncLock = new Object();
    private volatile SharedIndexInformer<Translation> informer;
    private ExecutorService workers;
    /** Writes of one Translation made side by side with its worker's (objects of one kind under other parents). */
    private final ExecutorService sideWrites;
    private ExecutorService readers;
    private ScheduledExecutorService resyncTimer;
    private volatile boolean stopped;

    /**
     * What was applied: its hash; its entries, or null when only the objects the status names are known (the
     * content changed while no pusher watched); and whether the status says so already.
     */
    private record Applied(String hash, List<BackendResource> resources, List<MidonetRef> named, boolean recorded) {
        static final Applied NONE = new Applied(null, List.of(), false);

        Applied(String hash, List<BackendResource> resources, boolean recorded) {
            this(hash, resources, List.of(), recorded);
        }

        boolean known() {
            return resources != null;
        }
    }

    private record Observed(String hash, long nanos) {
    }

    private record Content(List<BackendResource> resources, String hash) {
    }

    /** How many Translations are pushed, failed, or waiting to be pushed (or deleted). */
    public record Counts(long pushed, long failed, long pending) {
        public long total() {
            return pushed + failed + pending;
        }
    }

    public Pusher(KubernetesClient kube, MidonetClient midonet, MeterRegistry registry, PusherOptions options) {
        this.kube = kube;
        this.midonet = midonet;
        this.options = options;
        this.registry = registry;
        this.sideWrites = Executors.newFixedThreadPool(options.parallelism(), threads("pusher-side-writes"));
        this.applier = new ChangeSetApplier(midonet, new ClaimRegistry(), options.callBackoff(), sideWrites);
        this.batch = new BatchApplier(applier, options.parallelism(), options.callBackoff());
        this.events = new PusherEvents(kube, registry);
        this.statusWriter = new StatusWriter(kube);
        this.metrics = new PusherMetrics(registry, states);
        this.drift = new DriftRepair(midonet, batch, applier.claims(), events, metrics);
        this.depthGauge = Gauge.builder("midonet_kube_controllers.queue.depth", queue, PusherQueue::depth)
                .description("Translations waiting to be pushed").tag("queue", "pusher").register(registry);
    }

    /**
     * Lists the Translations, claims every one's objects, then starts pushing (workers) and the periodic
     * resync. Returns once the Translations are listed; the pushing goes on in the background.
     */
    public synchronized void start() {
        if (informer != null) {
            throw new IllegalStateException("the pusher is started already");
        }
        informer = kube.resources(Translation.class).inAnyNamespace().runnableInformer(0);
        informer.addEventHandler(new Handler());
        try {
            informer.start().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing Translations", e);
        } catch (ExecutionException | TimeoutException e) {
            informer.stop();
            throw new IllegalStateException("cannot list and watch Translations: " + e.getMessage(), e);
        }
        List<Translation> all = informer.getStore().list();
        for (Translation tr : all) { // every claim first: nothing is pushed before the queue opens
            if (!PusherTranslations.deleting(tr)) {
                claim(key(tr), PusherTranslations.resources(tr));
            }
        }
        for (Translation tr : all) {
            if (!PusherTranslations.deleting(tr) && PusherStatus.failedTerminally(tr)) {
                terminal.put(key(tr), PusherHash.of(PusherTranslations.resources(tr)));
            }
            observe(tr);
        }
        workers = Executors.newFixedThreadPool(options.parallelism(), threads("pusher-worker"));
        readers = Executors.newFixedThreadPool(options.parallelism(), threads("pusher-resync"));
        for (int i = 0; i < options.parallelism(); i++) {
            workers.execute(this::work);
        }
        queue.open();
        if (options.resyncPeriod().toMillis() > 0) {
            resyncTimer = Executors.newSingleThreadScheduledExecutor(threads("pusher-resync-timer"));
            long period = options.resyncPeriod().toMillis();
            resyncTimer.scheduleWithFixedDelay(this::scheduledResync, period, period, TimeUnit.MILLISECONDS);
        }
        Counts counts = counts();
        LOG.info("pusher started: {} Translations, {} pushed, {} to push, {} failed", all.size(), counts.pushed(),
                counts.pending(), counts.failed());
    }

    /** Stops watching and pushing; work in progress is interrupted (applying again resumes it). */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (resyncTimer != null) {
            resyncTimer.shutdownNow();
        }
        if (informer != null) {
            informer.stop();
        }
        queue.close();
        for (ExecutorService pool : new ExecutorService[] {workers, readers}) {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        try {
            if (workers != null && !workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("pusher workers still busy after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sideWrites.shutdownNow(); // after the workers: one waiting for its side writes would wait for ever
        events.close();
        metrics.close();
        registry.remove(depthGauge);
        LOG.info("pusher stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** Translations by the state of their Pushed condition, as this pusher knows it. */
    public Counts counts() {
        return new Counts(states.count(State.PUSHED), states.count(State.FAILED), states.count(State.PENDING));
    }

    /** Whether no Translation is queued or being pushed (retries waiting for their time aside). */
    public boolean idle() {
        return queue.idle();
    }

    /** The claims of the Translations on MidoNet objects (shared with the applier). */
    public ClaimRegistry claims() {
        return applier.claims();
    }

    // ---- the informer's side: what needs doing ----

    private final class Handler implements ResourceEventHandler<Translation> {
        @Override
        public void onAdd(Translation tr) {
            observe(tr);
        }

        @Override
        public void onUpdate(Translation old, Translation tr) {
            observe(tr);
        }

        @Override
        public void onDelete(Translation tr, boolean finalStateUnknown) {
            gone(tr);
        }
    }

    /** Claims what a Translation now holds and queues it if MidoNet or its status must change. */
    private void observe(Translation tr) {
        String key = key(tr);
        try {
            if (PusherTranslations.deleting(tr)) {
                chainsGoing.put(key, PusherTranslations.chains(key, tr));
                if (PusherTranslations.finalizers(tr).contains(Translation.FINALIZER) && note(key, DELETED, System.nanoTime())) {
                    queue.add(key, PusherTranslations.rank(tr)); // later events (our status writes) are left to retries
                }
                return;
            }
            String hash = observedContent(key, PusherTranslations.resources(tr));
            Applied last = applied(key, tr);
            if (last.known() && last.hash() != null) {
                applied.putIfAbsent(key, last); // so that a change coming before the push is applied from it
            }
            if (hash.equals(last.hash()) && !attempted.containsKey(key)) {
                observed.compute(key, (k, o) -> {
                    if (o != null && o.hash().equals(hash)) {
                        return o; // pushed a moment ago: settled() records the latency
                    }
                    states.put(key, State.PUSHED); // back to what MidoNet holds
                    return null;
                });
                if (!last.recorded() && !PusherStatus.pushedAt(tr, hash)) {
                    queue.add(key, PusherTranslations.rank(tr)); // only the status to write
                }
                return;
            }
            if (hash.equals(terminal.get(key))) {
                states.put(key, State.FAILED);
                return;
            }
            if (note(key, hash, PusherTranslations.changedAt(tr))) { // a change; an event for a version already seen (our status write) is left to retries
                queue.add(key, PusherTranslations.rank(tr));
            }
        } catch (RuntimeException e) {
            LOG.error("Translation {}: cannot handle an update", key, e);
        }
    }


    /** Records when a version was first seen; true if it is new. */
    private boolean note(String key, String hash, long sinceNanos) {
        boolean[] fresh = {false};
        observed.compute(key, (k, o) -> {
            if (o != null && o.hash().equals(hash)) {
                return o;
            }
            fresh[0] = true;
            states.put(key, State.PENDING);
            return new Observed(hash, sinceNanos);
        });
        return fresh[0];
    }

    private void gone(Translation tr) {
        String key = key(tr);
        if (stopped || backendDeleted.contains(key)
                || (holdsNothing(applied(key, tr)) && PusherTranslations.resources(tr).isEmpty() && !attempted.containsKey(key))) {
            forget(key);
            return;
        }
        LOG.warn("Translation {}: gone without its finalizer; deleting its MidoNet objects", key);
        tombstones.put(key, tr);
        note(key, DELETED, System.nanoTime());
        queue.add(key, PusherTranslations.rank(tr));
    }

    private void forget(String key) {
        chainsGoing.remove(key);
        applier.claims().release(key);
        contents.remove(key);
        applied.remove(key);
        attempted.remove(key);
        observed.remove(key);
        terminal.remove(key);
        failures.remove(key);
        waitingSince.remove(key);
        backendDeleted.remove(key);
        tombstones.remove(key);
        states.remove(key);
    }

    // ---- the workers' side: doing it ----

    private void work() {
        while (!stopped) {
            String key;
            try {
                key = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                return;
            }
            MDC.put("translation", key);
            try {
                process(key);
            } catch (RuntimeException e) {
                if (!stopped) {
                    LOG.error("Translation {}: unexpected failure; trying again later", key, e);
                    retryLater(key, 100, failures.merge(key, 1, Integer::sum));
                }
            } finally {
                MDC.remove("translation");
                queue.done(key);
            }
        }
    }

    private void process(String key) {
        Translation tr = informer.getStore().getByKey(key);
        if (tr == null) {
            Translation tombstone = tombstones.get(key);
            if (tombstone != null) {
                delete(key, tombstone, false);
            }
        } else if (PusherTranslations.deleting(tr)) {
            if (PusherTranslations.finalizers(tr).contains(Translation.FINALIZER)) {
                delete(key, tr, true);
            }
        } else {
            push(key, tr);
        }
    }

    private void push(String key, Translation tr) {
        List<BackendResource> resources = PusherTranslations.resources(tr);
        String hash = hashOf(key, resources);
        Applied last = applied(key, tr);
        if (hash.equals(last.hash()) && !attempted.containsKey(key)) {
            if (!last.recorded() && !PusherStatus.pushedAt(tr, hash)) {
                recordPushed(key, tr, hash, resources, PusherTranslations.decodeLeniently(key, resources), "pushed to MidoNet");
            }
            settled(key, hash, false);
            return;
        }
        if (hash.equals(terminal.get(key))) {
            return;
        }
        List<MidonetResource> desired;
        try {
            desired = PusherTranslations.decodeStrictly(resources);
        } catch (IllegalArgumentException e) {
            failed(key, tr, hash, PusherStatus.MALFORMED_RESOURCE, e.getMessage(), false);
            return;
        }
        List<MidonetResource> from = lastApplied(key, last, desired);
        attempted.merge(key, resources, PusherTranslations::union);
        ApplyResult result;
        try {
            result = last.known() ? applier.apply(key, from, desired) : applyOverMidonet(key, last, from, desired);
        } catch (ApplyException e) {
            String reason = PusherStatus.reasonOf(e);
            failed(key, tr, hash, reason, e.getMessage(), e.retriable() || !PusherStatus.terminal(reason));
            return;
        }
        applied.put(key, new Applied(hash, resources, false));
        attempted.remove(key);
        failures.remove(key);
        waitingSince.remove(key);
        terminal.remove(key);
        LOG.info("Translation {}: pushed ({})", key, describe(result));
        events.normal(tr, PusherEvents.UPDATE_PUSHED, "Translation Update pushed to the backend");
        recordPushed(key, tr, hash, resources, desired, "pushed to MidoNet: " + describe(result));
        settled(key, hash, false);
    }

    /**
     * Applies a content whose predecessor is known only by the objects the status names: every desired object
     * is created, or where it exists adopted, updated or replaced (the applier reads it on the 409); then the
     * named objects no Translation holds any more are deleted.
     */
    private ApplyResult applyOverMidonet(String key, Applied last, List<MidonetResource> from, List<MidonetResource> desired) {
        LOG.info("Translation {}: changed while no pusher watched; applying it over what MidoNet holds", key);
        ApplyResult result = applier.apply(key, from, desired);
        return result.plus(applier.deleteUnclaimed(key, last.named()));
    }

    /**
     * Where an apply starts: what was last applied, plus what a failed attempt since may have left in MidoNet
     * and the new content no longer holds (so that it is deleted, or found already deleted).
     */
    private List<MidonetResource> lastApplied(String key, Applied last, List<MidonetResource> desired) {
        Map<Identity, MidonetResource> from = new LinkedHashMap<>();
        if (last.known()) {
            PusherTranslations.decodeLeniently(key, last.resources()).forEach(r -> from.putIfAbsent(Identity.of(r), r));
        }
        Set<Identity> wanted = new HashSet<>();
        desired.forEach(r -> wanted.add(Identity.of(r)));
        for (MidonetResource r : PusherTranslations.decodeLeniently(key, attempted.getOrDefault(key, List.of()))) {
            if (!wanted.contains(Identity.of(r))) {
                from.putIfAbsent(Identity.of(r), r);
            }
        }
        return new ArrayList<>(from.values());
    }

    private void recordPushed(String key, Translation tr, String hash, List<BackendResource> resources,
            List<MidonetResource> content, String message) {
        Long generation = tr.getMetadata().getGeneration();
        // the new status says everything anew (hash, objects, condition): written without reading it first
        if (statusWriter.replace(tr, PusherStatus.pushed(PusherStatus.copyOf(tr.getStatus()), hash, content, generation, message))) {
            applied.put(key, new Applied(hash, resources, true));
        } else {
            retryLater(key, PusherTranslations.rank(tr), failures.merge(key, 1, Integer::sum));
        }
    }

    /** Deletes a Translation's MidoNet objects, then (for one being deleted) removes its finalizer. */
    private void delete(String key, Translation tr, boolean removeFinalizer) {
        if (!backendDeleted.contains(key)) {
            Map<Identity, MidonetResource> held = new LinkedHashMap<>();
            Applied last = applied(key, tr);
            if (last.known()) {
                PusherTranslations.decodeLeniently(key, last.resources()).forEach(r -> held.putIfAbsent(Identity.of(r), r));
            }
            PusherTranslations.decodeLeniently(key, PusherTranslations.resources(tr)).forEach(r -> held.putIfAbsent(Identity.of(r), r));
            PusherTranslations.decodeLeniently(key, attempted.getOrDefault(key, List.of())).forEach(r -> held.putIfAbsent(Identity.of(r), r));
            leaveToChainDeletions(key, held.values());
            ApplyResult result;
            try {
                result = applier.apply(key, new ArrayList<>(held.values()), List.of());
                List<MidonetRef> unheld = last.named().stream().filter(o -> !held.containsKey(Identity.of(o))).toList();
                result = result.plus(applier.deleteUnclaimed(key, unheld));
            } catch (ApplyException e) {
                String reason = PusherStatus.reasonOf(e);
                failed(key, tr, DELETED, reason, e.getMessage(), e.retriable() || !PusherStatus.terminal(reason));
                return;
            }
            backendDeleted.add(key);
            applied.remove(key);
            attempted.remove(key);
            failures.remove(key);
            waitingSince.remove(key);
            LOG.info("Translation {}: MidoNet objects deleted ({})", key, describe(result));
            events.normal(tr, PusherEvents.DELETION_PUSHED, "Translation Deletion pushed to the backend");
            settled(key, DELETED, true);
        }
        if (!removeFinalizer) {
            forget(key);
            return;
        }
        try {
            kube.resources(Translation.class).inNamespace(tr.getMetadata().getNamespace()).withName(tr.getMetadata().getName())
                    .edit(t -> {
                        List<String> finalizers = new ArrayList<>(PusherTranslations.finalizers(t));
                        finalizers.remove(Translation.FINALIZER);
                        t.getMetadata().setFinalizers(finalizers);
                        return t;
                    });
            LOG.info("Translation {}: finalizer removed", key);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                forget(key);
                return;
            }
            LOG.warn("Translation {}: cannot remove the finalizer: {}", key, e.getMessage());
            events.warning(tr, PusherEvents.DELETION_FINALIZER_ERROR,
                    "Translation Deletion failed to remove finalizer with error " + e.getMessage());
            retryLater(key, PusherTranslations.rank(tr), failures.merge(key, 1, Integer::sum));
        }
    }

    /**
     * Drops the rules that MidoNet deletes anyway with a chain another Translation is deleting: the chain's own
     * rules and the jump rules into it (the rules of a deleted Service's ports go with the Service's chains).
     */
    private void leaveToChainDeletions(String key, java.util.Collection<MidonetResource> held) {
        Set<UUID> going = new HashSet<>();
        chainsGoing.forEach((other, chains) -> {
            if (!other.equals(key)) {
                going.addAll(chains);
            }
        });
        held.removeIf(r -> r instanceof ChainRule rule && (going.contains(rule.chainId()) || going.contains(rule.jumpChainId())));
    }

    /** Done with a version: records the latency and the state, unless a newer version was observed meanwhile. */
    private void settled(String key, String hash, boolean deletion) {
        long now = System.nanoTime();
        observed.compute(key, (k, o) -> {
            if (o != null && !o.hash().equals(hash)) {
                return o;
            }
            if (o != null) {
                metrics.programmed(deletion, now - o.nanos());
            }
            if (!deletion) {
                states.put(key, State.PUSHED);
            }
            return null;
        });
    }

    /**
     * Reports a failure (status, Event) and decides what next: retry later, or leave the version alone. A
     * missing referent is retried silently for a while ({@link PusherOptions#referentGrace()}): it is usually
     * another Translation's object, created in a moment.
     */
    private void failed(String key, Translation tr, String hash, String reason, String message, boolean retry) {
        int n = failures.merge(key, 1, Integer::sum);
        boolean deletion = DELETED.equals(hash);
        if (PusherStatus.REFERENT_MISSING.equals(reason)) {
            long since = waitingSince.computeIfAbsent(key, k -> System.nanoTime());
            if (System.nanoTime() - since < options.referentGrace().toNanos()) {
                LOG.debug("Translation {}: waiting for a referent: {}", key, message);
                queue.addAfter(key, PusherTranslations.rank(tr), jittered(PusherOptions.doubled(options.referentWait(), options.retryCap(), n)));
                return;
            }
        } else {
            waitingSince.remove(key);
        }
        LOG.warn("Translation {}: {} failed ({}): {}{}", key, deletion ? "deletion" : "update", reason, message,
                retry ? "; trying again later" : "; left until it changes");
        events.warning(tr, deletion ? PusherEvents.DELETION_ERROR : PusherEvents.UPDATE_ERROR,
                (deletion ? "Translation Deletion failed with error " : "Translation Update failed with error ") + message);
        if (!PusherStatus.hasCondition(tr.getStatus(), "False", reason, PusherStatus.truncate(message, 1024))) {
            Long generation = tr.getMetadata().getGeneration();
            statusWriter.edit(tr, s -> PusherStatus.failed(s, reason, message, generation));
        }
        observed.computeIfPresent(key, (k, o) -> {
            if (o.hash().equals(hash)) {
                states.put(key, State.FAILED);
            }
            return o;
        });
        if (retry) {
            retryLater(key, PusherTranslations.rank(tr), n);
        } else if (!deletion) {
            terminal.put(key, hash);
        }
    }

    private void retryLater(String key, int rank, int failureCount) {
        if (!stopped) {
            queue.addAfter(key, rank, jittered(options.retryDelay(failureCount)));
        }
    }


    // ---- drift ----

    private void scheduledResync() {
        try {
            DriftRepair.Report report = resync();
            if (report.drifted() > 0 || report.failed() > 0 || report.strayRulesDeleted() > 0) {
                LOG.info("resync: {}", report);
            }
        } catch (RuntimeException e) {
            if (!stopped) {
                LOG.error("resync failed", e);
            }
        }
    }

    /**
     * Reads every pushed Translation's objects from MidoNet and puts back those missing or changed behind our
     * back: each drifted Translation is applied from what MidoNet really has to its content, all of them with
     * the {@link BatchApplier} (so that one whose referent is in another drifted Translation is applied after
     * it). Translations being pushed are left to their worker. Counts the objects put back in
     * {@code midonet_kube_controllers.drift.repairs}. Runs on the caller's thread (reads in parallel); the
     * periodic resync calls it every {@link PusherOptions#resyncPeriod()}.
     */
    public DriftRepair.Report resync() {
        synchronized (resyncLock) {
            if (informer == null || stopped) {
                throw new IllegalStateException("the pusher is not running");
            }
            return resyncNow();
        }
    }

    private DriftRepair.Report resyncNow() {
        List<DriftRepair.Pushed> pushed = new ArrayList<>();
        for (Translation tr : informer.getStore().list()) {
            String key = key(tr);
            List<BackendResource> resources = PusherTranslations.resources(tr);
            if (PusherTranslations.deleting(tr) || attempted.containsKey(key) || !hashOf(key, resources).equals(applied(key, tr).hash())
                    || !queue.tryAcquire(key)) {
                continue; // not pushed yet, or being pushed: the queue is on it
            }
            try {
                pushed.add(new DriftRepair.Pushed(key, tr, PusherTranslations.decodeStrictly(resources), PusherTranslations.rank(tr)));
            } catch (IllegalArgumentException e) {
                queue.done(key);
            }
        }
        try {
            return drift.repair(pushed, readers);
        } finally {
            pushed.forEach(p -> queue.done(p.key()));
        }
    }

    // ---- helpers ----

    private Applied applied(String key, Translation tr) {
        Applied mine = applied.get(key);
        if (mine != null) {
            return mine;
        }
        TranslationStatus status = tr.getStatus();
        if (status == null || status.getAppliedHash() == null) {
            return Applied.NONE;
        }
        String hash = status.getAppliedHash();
        boolean recorded = PusherStatus.pushedAt(tr, hash);
        if (status.getAppliedObjects() == null && status.getAppliedResources() != null) {
            return new Applied(hash, status.getAppliedResources(), recorded); // the content itself, as earlier versions wrote
        }
        List<BackendResource> content = PusherTranslations.resources(tr);
        if (hash.equals(hashOf(key, content))) {
            return new Applied(hash, content, recorded);
        }
        return new Applied(hash, null, PusherTranslations.named(key, status.getAppliedObjects()), recorded);
    }

    private static boolean holdsNothing(Applied applied) {
        return applied.known() ? applied.resources().isEmpty() : applied.named().isEmpty();
    }

    /** The content's hash; claims what it holds unless it is the content last seen (only the status changed). */
    private String observedContent(String key, List<BackendResource> resources) {
        Content last = contents.get(key);
        if (last != null && last.resources().equals(resources)) {
            return last.hash();
        }
        claim(key, resources);
        String hash = PusherHash.of(resources);
        contents.put(key, new Content(resources, hash));
        return hash;
    }

    /** The content's hash, from the one computed when it was observed if it is that content. */
    private String hashOf(String key, List<BackendResource> resources) {
        Content last = contents.get(key);
        return last != null && last.resources().equals(resources) ? last.hash() : PusherHash.of(resources);
    }

    private void claim(String key, List<BackendResource> resources) {
        List<Identity> identities = PusherTranslations.decodeLeniently(key, resources).stream().map(Identity::of).toList();
        if (!identities.isEmpty()) {
            applier.claims().claim(key, identities);
        }
    }








    static String key(Translation tr) {
        return tr.getMetadata().getNamespace() + "/" + tr.getMetadata().getName();
    }


    /** Between half the delay and the delay, so that Translations failed together do not retry together. */
    private static Duration jittered(Duration delay) {
        long half = delay.toMillis() / 2;
        return Duration.ofMillis(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
    }

    private static String describe(ApplyResult r) {
        return r.created() + " created, " + r.updated() + " updated, " + r.deleted() + " deleted, " + r.adopted() + " adopted";
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

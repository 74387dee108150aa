package org.midonet.kube.controller.pusher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.midonet.kube.controller.ops.ListPages;
import org.midonet.kube.apply.BatchApplier;
import org.midonet.kube.apply.ChangeSetApplier;
import org.midonet.kube.apply.ClaimRegistry;
import org.midonet.kube.common.LogContext;
import org.midonet.kube.controller.ops.EventRecorder;
import org.midonet.kube.controller.pusher.PusherMetrics.State;
import org.midonet.kube.controller.pusher.PusherQueue.Taken;
import org.midonet.kube.controller.pusher.TranslationReconciler.Outcome;
import org.midonet.kube.k8s.ContentHash;
import org.midonet.kube.k8s.DerivedTranslations;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationParts;
import org.midonet.kube.midonet.client.MidonetClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes MidoNet hold what the Translation custom resources say, and only that: the only writer of MidoNet.
 *
 * <p>An informer watches Translations in every namespace; its handler only notes the key and queues it. Workers
 * take keys from the queue ({@link PusherQueue}: one worker per key at a time, global Translations and those
 * holding referents first) and reconcile each ({@link TranslationReconciler}): a Translation whose resources
 * hash ({@link ContentHash}) differs from the {@code appliedHash} of its status is applied with the
 * {@link ChangeSetApplier}, then its status records the hash, the objects it names and Pushed=True, so a
 * restart with nothing changed makes no MidoNet call at all; one being deleted has its objects deleted, then
 * its finalizer {@code midonet.org/deleter} removed. A failure sets Pushed=False with the reason
 * ({@link PusherStatus}); the reconcile asks the queue to retry it after a backoff, or leaves it until the
 * Translation changes when retrying cannot cure it. Before anything is pushed, every Translation claims its
 * objects ({@link ClaimRegistry}), so an object moving from one Translation to another is never deleted.
 *
 * <p>A periodic {@link #resync()} reads every pushed Translation's objects back from MidoNet and puts back what
 * is missing or changed ({@link DriftRepair}).
 *
 * <p>Usage: {@code new Pusher(kube, midonet, registry, options)}, {@link #start()} (blocks until the
 * Translations are listed), and {@link #close()}. Start a new Pusher for each leadership term.
 */
public final class Pusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pusher.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final KubernetesClient kube;
    private final PusherOptions options;
    private final ChangeSetApplier applier;
    private final EventRecorder events;
    private final PusherMetrics metrics;
    private final DriftRepair drift;
    private final MeterRegistry registry;
    private final Gauge depthGauge;
    private final PusherQueue queue = new PusherQueue("pusher");
    private final TranslationStates conditions = new TranslationStates();
    private final PushStates states;
    private final DerivedTranslations derived;
    /** Keys waiting for the translation controller to derive the cluster before they can be judged. */
    private final Set<String> awaitingDerivation = ConcurrentHashMap.newKeySet();
    private final TranslationReconciler reconciler;

    private final Object resyncLock = new Object();
    private volatile SharedIndexInformer<Translation> informer;
    private ExecutorService workers;
    /** Writes of one Translation made side by side with its worker's (objects of one kind under other parents). */
    private final ExecutorService sideWrites;
    private ExecutorService readers;
    private ScheduledExecutorService resyncTimer;
    private volatile boolean stopped;

    /** How many Translations are pushed, failed, or waiting to be pushed (or deleted). */
    public record Counts(long pushed, long failed, long pending) {
        public long total() {
            return pushed + failed + pending;
        }
    }

    /** A pusher that pushes every Translation, whoever wrote it (no translation controller runs beside it). */
    public Pusher(KubernetesClient kube, MidonetClient midonet, MeterRegistry registry, PusherOptions options) {
        this(kube, midonet, registry, options, DerivedTranslations.trustingAll());
    }

    /** A pusher that pushes only the contents the translation controller of this process derived. */
    public Pusher(KubernetesClient kube, MidonetClient midonet, MeterRegistry registry, PusherOptions options,
            DerivedTranslations derived) {
        this.kube = kube;
        this.derived = derived;
        this.options = options;
        this.registry = registry;
        this.sideWrites = Executors.newFixedThreadPool(options.parallelism(), threads("pusher-side-writes"));
        this.applier = new ChangeSetApplier(midonet, new ClaimRegistry(), options.callBackoff(), sideWrites);
        this.events = new EventRecorder(kube, registry);
        this.metrics = new PusherMetrics(registry, conditions);
        BatchApplier batch = new BatchApplier(applier, options.parallelism(), options.callBackoff());
        this.drift = new DriftRepair(midonet, batch, applier.claims(), events, metrics, options.callBackoff());
        this.states = new PushStates(applier.claims(), conditions);
        this.reconciler = new TranslationReconciler(this::cached, derived, states, applier, new StatusWriter(kube), events,
                metrics, kube, options);
        this.depthGauge = Gauge.builder("midonet_kube_controllers.queue.depth", queue, PusherQueue::depth)
                .description("Translations waiting to be pushed").tag("queue", "pusher").register(registry);
    }

    /**
     * Lists the Translations, claims every one's objects and queues every one, then starts the workers and the
     * periodic resync. Returns once the Translations are listed; the pushing goes on in the background.
     */
    public synchronized void start() {
        if (informer != null) {
            throw new IllegalStateException("the pusher is started already");
        }
        informer = kube.resources(Translation.class).inAnyNamespace().withLimit(ListPages.PAGE_SIZE).runnableInformer(0);
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
        List<Translation> all = wholeTranslations();
        for (Translation tr : all) { // every claim first: nothing is pushed before the queue opens
            states.hold(key(tr), tr);
        }
        all.forEach(tr -> queue.add(key(tr), PusherTranslations.rank(tr)));
        workers = Executors.newFixedThreadPool(options.parallelism(), threads("pusher-worker"));
        readers = Executors.newFixedThreadPool(options.parallelism(), threads("pusher-resync"));
        for (int i = 0; i < options.parallelism(); i++) {
            workers.execute(this::work);
        }
        derived.whenSynced(this::derivationDone);
        queue.open();
        if (options.resyncPeriod().toMillis() > 0) {
            resyncTimer = Executors.newSingleThreadScheduledExecutor(threads("pusher-resync-timer"));
            long period = options.resyncPeriod().toMillis();
            resyncTimer.scheduleWithFixedDelay(this::scheduledResync, period, period, TimeUnit.MILLISECONDS);
        }
        LOG.info("pusher started: {} Translations to reconcile", all.size());
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
        return new Counts(conditions.count(State.PUSHED), conditions.count(State.FAILED), conditions.count(State.PENDING));
    }

    /** Whether no Translation is queued or being pushed (retries waiting for their time aside). */
    public boolean idle() {
        return queue.idle();
    }

    /** The claims of the Translations on MidoNet objects (shared with the applier). */
    public ClaimRegistry claims() {
        return applier.claims();
    }

    // ---- the informer's side: note the key, queue it ----

    private final class Handler implements ResourceEventHandler<Translation> {
        @Override
        public void onAdd(Translation tr) {
            changed(tr);
        }

        @Override
        public void onUpdate(Translation old, Translation tr) {
            changed(tr);
        }

        @Override
        public void onDelete(Translation tr, boolean finalStateUnknown) {
            if (!TranslationParts.isPart(tr)) {
                reconciler.left(key(tr), whole(tr));
            }
            changed(tr);
        }

        /** A Translation changed, or one of its parts: its key is queued. */
        private void changed(Translation tr) {
            String key = TranslationParts.isPart(tr) ? tr.getMetadata().getNamespace() + "/" + TranslationParts.headName(tr)
                    : key(tr);
            states.changed(key);
            Translation whole = cached(key);
            queue.add(key, PusherTranslations.rank(whole == null ? tr : whole));
        }
    }

    // ---- the workers' side: reconcile one key at a time ----

    private void work() {
        while (!stopped) {
            Taken taken;
            try {
                taken = queue.takeWithTime();
            } catch (InterruptedException e) {
                return;
            }
            if (taken == null) {
                return;
            }
            String key = taken.key();
            Outcome outcome;
            try {
                outcome = LogContext.with(namespaceOf(key), nameOf(key), () -> reconciler.reconcile(key, taken.addedAt()));
            } catch (RuntimeException e) {
                if (stopped) {
                    return;
                }
                LogContext.with(namespaceOf(key), nameOf(key), () -> LOG.error("unexpected failure; trying again later", e));
                outcome = reconciler.retry(states.stateOf(key));
            } finally {
                queue.done(key);
            }
            if (outcome.waitForDerivation()) {
                awaitingDerivation.add(key);
                if (derived.isSynced()) {
                    derivationDone(); // synced meanwhile
                }
            } else if (outcome.retryAfter() != null && !stopped) {
                Translation tr = cached(key);
                queue.addAfter(key, tr == null ? 0 : PusherTranslations.rank(tr), outcome.retryAfter());
            }
        }
    }

    /** The translation controller has derived the cluster: the keys waiting for it are queued again. */
    private void derivationDone() {
        for (String key : List.copyOf(awaitingDerivation)) {
            awaitingDerivation.remove(key);
            Translation tr = cached(key);
            queue.add(key, tr == null ? 0 : PusherTranslations.rank(tr));
        }
    }

    /** The Translation of a key as the cache holds it, joined with its parts when it is stored in parts. */
    private Translation cached(String key) {
        Translation tr = informer.getStore().getByKey(key);
        return tr == null ? null : whole(tr);
    }

    /** A Translation joined with its parts ({@link TranslationParts}); as it is while a part is missing. */
    private Translation whole(Translation head) {
        if (TranslationParts.declaredParts(head) == 0) {
            return head;
        }
        String namespace = head.getMetadata().getNamespace();
        return TranslationParts.assemble(head, name -> informer.getStore().getByKey(namespace + "/" + name)).orElse(head);
    }

    /** Every cached Translation, each joined with its parts; the parts are not Translations of their own. */
    private List<Translation> wholeTranslations() {
        return informer.getStore().list().stream().filter(tr -> !TranslationParts.isPart(tr)).map(this::whole).toList();
    }

    // ---- drift ----

    private void scheduledResync() {
        try {
            DriftRepair.Report report = resync();
            if (report.drifted() > 0 || report.failed() > 0 || report.straysDeleted() > 0 || report.readRetries() > 0) {
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
     * it). Translations queued or being pushed are left to their worker. Counts the objects put back in
     * {@code midonet_kube_controllers.drift.repairs}. Runs on the caller's thread (reads in parallel); the
     * periodic resync calls it every {@link PusherOptions#resyncPeriod()}.
     */
    public DriftRepair.Report resync() {
        synchronized (resyncLock) {
            if (informer == null || stopped) {
                throw new IllegalStateException("the pusher is not running");
            }
            List<DriftRepair.Pushed> pushed = new ArrayList<>();
            for (Translation tr : wholeTranslations()) {
                String key = key(tr);
                if (!queue.tryAcquire(key)) {
                    continue; // queued or being pushed: the worker is on it
                }
                if (PusherTranslations.deleting(tr) || TranslationParts.declaredParts(tr) > 0 || !reconciler.inMidonet(key, tr)) {
                    queue.done(key);
                    continue;
                }
                try {
                    pushed.add(new DriftRepair.Pushed(key, tr,
                            PusherTranslations.decodeStrictly(PusherTranslations.resources(tr)),
                            PusherTranslations.rank(tr)));
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
    }

    // ---- helpers ----

    static String key(Translation tr) {
        return tr.getMetadata().getNamespace() + "/" + tr.getMetadata().getName();
    }

    private static String namespaceOf(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    private static String nameOf(String key) {
        return key.substring(key.indexOf('/') + 1);
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

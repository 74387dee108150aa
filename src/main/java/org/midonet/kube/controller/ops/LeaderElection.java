package org.midonet.kube.controller.ops;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.midonet.kube.common.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a coordination.k8s.io/v1 Lease, so that of several replicas only one writes. It wraps fabric8's
 * {@link LeaderElector} and adds what a controller needs around it:
 * <ul>
 * <li>it campaigns again after losing the Lease (fabric8's elector stops for good);</li>
 * <li>it runs the callbacks on their own thread, in order, each transition once (fabric8 may report a stop twice),
 * so that a slow callback cannot delay renewals;</li>
 * <li>{@link #isLeader()} is conservative: true only while the last successful renewal is younger than the renew
 * deadline, which is shorter than the lease, so this replica stops writing before another one can take the Lease
 * over; and a watchdog steps down (calls onStopLeading) at that moment even when fabric8's renewal is stuck in a
 * call to an unreachable apiserver;</li>
 * <li>closing releases the Lease, so that the other replica takes over at its next retry instead of waiting for
 * the lease to expire.</li>
 * </ul>
 * Writers check {@link #isLeader()} right before writing, or start and stop their work in the callbacks.
 */
public final class LeaderElection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final KubernetesClient kube;
    private final Config config;
    private final Runnable onStartLeading;
    private final Runnable onStopLeading;
    private final ScheduledExecutorService electorThread;
    private final ExecutorService callbackThread;
    private final ScheduledExecutorService watchdog;
    private final AtomicReference<String> leader = new AtomicReference<>();
    private volatile boolean leading;
    private volatile long renewedAtNanos;
    private boolean started;
    private boolean closed;
    private CompletableFuture<?> campaign;

    /**
     * Where the lock is and how long it lasts.
     *
     * @param namespace the namespace of the Lease
     * @param name the name of the Lease
     * @param identity this replica's name in the Lease (holderIdentity); the pod name
     * @param leaseDuration how long others wait after the last renewal before taking over (Kubernetes' default 15 s)
     * @param renewDeadline how long the leader keeps trying to renew before it steps down (default 10 s)
     * @param retryPeriod how often to try to acquire or renew (default 2 s)
     */
    public record Config(String namespace, String name, String identity, Duration leaseDuration, Duration renewDeadline,
            Duration retryPeriod) {
        public static final String DEFAULT_NAME = "midonet-kube-controllers";

        public Config {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            if (identity == null || identity.isBlank()) {
                throw new IllegalArgumentException("the leader election identity must not be empty");
            }
            if (retryPeriod.isNegative() || retryPeriod.isZero()) {
                throw new IllegalArgumentException("the retry period must be positive, not " + retryPeriod);
            }
            if (renewDeadline.compareTo(leaseDuration) >= 0) {
                throw new IllegalArgumentException("the renew deadline (" + renewDeadline + ") must be shorter than the lease ("
                        + leaseDuration + "), or two replicas could both lead");
            }
            if (renewDeadline.compareTo(retryPeriod.multipliedBy(12).dividedBy(10)) <= 0) {
                throw new IllegalArgumentException("the renew deadline (" + renewDeadline
                        + ") must be longer than 1.2 retry periods (" + retryPeriod + ")");
            }
        }

        /** The Lease namespace/name with Kubernetes' default timings (15 s, 10 s, 2 s) and {@link #defaultIdentity()}. */
        public static Config of(String namespace, String name) {
            return new Config(namespace, name, defaultIdentity(), Duration.ofSeconds(15), Duration.ofSeconds(10),
                    Duration.ofSeconds(2));
        }

        public Config withIdentity(String identity) {
            return new Config(namespace, name, identity, leaseDuration, renewDeadline, retryPeriod);
        }

        public Config withTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
            return new Config(namespace, name, identity, leaseDuration, renewDeadline, retryPeriod);
        }
    }

    /**
     * The pod name (the POD_NAME variable, set from the downward API in the Deployment, or HOSTNAME, which a pod's
     * is), else the host name, else a random name.
     */
    public static String defaultIdentity() {
        for (String variable : new String[] {"POD_NAME", "HOSTNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "midonet-kube-" + UUID.randomUUID();
        }
    }

    /**
     * @param onStartLeading called (on the "leader-callbacks" thread) when this replica becomes the leader
     * @param onStopLeading called on the same thread when it stops being the leader, also on {@link #close()}
     */
    public LeaderElection(KubernetesClient kube, Config config, Runnable onStartLeading, Runnable onStopLeading) {
        this.kube = Objects.requireNonNull(kube, "kube");
        this.config = Objects.requireNonNull(config, "config");
        this.onStartLeading = Objects.requireNonNull(onStartLeading, "onStartLeading");
        this.onStopLeading = Objects.requireNonNull(onStopLeading, "onStopLeading");
        this.electorThread = Executors.newSingleThreadScheduledExecutor(daemon("leader-election"));
        this.callbackThread = Executors.newSingleThreadExecutor(daemon("leader-callbacks"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("leader-watchdog"));
    }

    /** Starts campaigning; returns at once. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (!started) {
            started = true;
            inContext(() -> LOG.info("campaigning for the Lease as {}", config.identity()));
            campaign();
            long period = config.retryPeriod().toMillis();
            watchdog.scheduleWithFixedDelay(this::checkRenewal, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Steps down when the Lease was not renewed within the renew deadline although fabric8's elector has not noticed
     * yet (its renewal can hang in a call to an unreachable apiserver), and campaigns anew.
     */
    private void checkRenewal() {
        CompletableFuture<?> stale;
        synchronized (this) {
            if (closed || !leading || System.nanoTime() - renewedAtNanos < config.renewDeadline().toNanos()) {
                return;
            }
            inContext(() -> LOG.warn("could not renew the Lease within {} ms; stepping down", config.renewDeadline().toMillis()));
            stale = campaign;
        }
        stoppedLeading();
        if (stale != null) {
            stale.cancel(true);
        }
    }

    private synchronized void campaign() {
        if (closed) {
            return;
        }
        LeaderElector elector = new LeaderElector(kube, new LeaderElectionConfigBuilder()
                .withName(config.name())
                .withLock(new RenewalTrackingLock(new LeaseLock(config.namespace(), config.name(), config.identity())))
                .withLeaseDuration(config.leaseDuration())
                .withRenewDeadline(config.renewDeadline())
                .withRetryPeriod(config.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader))
                .build(), electorThread);
        CompletableFuture<?> future = elector.start();
        campaign = future;
        future.whenComplete((ignored, error) -> {
            stoppedLeading();
            if (error != null && !future.isCancelled()) {
                inContext(() -> LOG.warn("leader election on the Lease failed; campaigning again", error));
            }
            scheduleCampaign();
        });
    }

    private synchronized void scheduleCampaign() {
        if (!closed) {
            electorThread.schedule(this::campaign, config.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void startedLeading() {
        if (!leading && !closed) {
            leading = true;
            inContext(() -> LOG.info("became the leader (identity {})", config.identity()));
            callbackThread.execute(() -> run("onStartLeading", onStartLeading));
        }
    }

    private synchronized void stoppedLeading() {
        if (leading) {
            leading = false;
            inContext(() -> LOG.info("stopped being the leader (identity {})", config.identity()));
            callbackThread.execute(() -> run("onStopLeading", onStopLeading));
        }
    }

    private void newLeader(String identity) {
        String previous = leader.getAndSet(identity);
        if (!Objects.equals(previous, identity) && identity != null && !identity.equals(config.identity())) {
            inContext(() -> LOG.info("the leader is {}", identity));
        }
    }

    private static void run(String name, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("the leader election callback {} failed", name, e);
        }
    }

    /**
     * Whether this replica leads now: it acquired the Lease and last renewed it less than the renew deadline ago.
     * Check it right before each write.
     */
    public boolean isLeader() {
        return leading && System.nanoTime() - renewedAtNanos < config.renewDeadline().toNanos();
    }

    /** The holder of the Lease as last seen, if any. */
    public Optional<String> leader() {
        return Optional.ofNullable(leader.get());
    }

    public String identity() {
        return config.identity();
    }

    public Config config() {
        return config;
    }

    /**
     * Stops campaigning and, when leading, releases the Lease and calls onStopLeading; returns after the callbacks
     * ran (or 10 s).
     */
    @Override
    public void close() {
        CompletableFuture<?> current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = campaign;
        }
        watchdog.shutdownNow();
        if (current != null) {
            release(current);
        }
        stoppedLeading();
        electorThread.shutdownNow();
        callbackThread.shutdown();
        try {
            if (!callbackThread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the leader election callbacks did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cancels the campaign, which releases the Lease when leading; waits for that at most the renew deadline (5 s at most). */
    private void release(CompletableFuture<?> current) {
        Thread release = new Thread(() -> current.cancel(true), "leader-release");
        release.setDaemon(true);
        release.start();
        long wait = Math.min(config.renewDeadline().toMillis(), 5000);
        try {
            release.join(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (release.isAlive()) {
            inContext(() -> LOG.warn("could not release the Lease within {} ms; another replica takes over when it expires",
                    wait));
        }
    }

    /** Logs with the Lease as the object of the lines. */
    private void inContext(Runnable logging) {
        LogContext.with(config.namespace(), config.name(), logging);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Notes when this replica last wrote the Lease as its holder: the start of that write, to err on the safe side. */
    private final class RenewalTrackingLock implements Lock {
        private final Lock delegate;

        RenewalTrackingLock(Lock delegate) {
            this.delegate = delegate;
        }

        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            return delegate.get(client);
        }

        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
            long start = System.nanoTime();
            delegate.create(client, record);
            renewed(record, start);
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            long start = System.nanoTime();
            delegate.update(client, record);
            renewed(record, start);
        }

        private void renewed(LeaderElectionRecord record, long start) {
            if (config.identity().equals(record.getHolderIdentity())) {
                renewedAtNanos = start;
            }
        }

        @Override
        public String identity() {
            return delegate.identity();
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}

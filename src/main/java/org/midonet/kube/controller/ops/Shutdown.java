package org.midonet.kube.controller.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the components of the process in the reverse of the order they were started in (the leader election before
 * the controllers that write, those before the clients they use, the metrics port last), within one overall time
 * limit. Register each component right after starting it; {@link #installHook()} runs the stops on SIGTERM, which is
 * how Kubernetes stops a pod. A component that does not stop in the time left is left behind (its thread is a daemon)
 * and the next ones are still stopped; every component gets at least {@link #MINIMUM_PER_COMPONENT}.
 */
public final class Shutdown implements AutoCloseable {
    /** Kubernetes waits 30 s (terminationGracePeriodSeconds) before it kills; leave it some margin. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(25);
    public static final Duration MINIMUM_PER_COMPONENT = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

    private final Duration timeout;
    private final List<Component> components = new ArrayList<>();
    private volatile boolean shuttingDown;
    private boolean done;
    private Thread hook;

    /** A component that was stopped or not: whether it stopped in time, and any error. */
    public record Outcome(String name, boolean stopped, Duration took, Throwable error) {
    }

    private record Component(String name, AutoCloseable stop) {
    }

    public Shutdown(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the shutdown timeout must be positive, not " + timeout);
        }
        this.timeout = timeout;
    }

    public Shutdown() {
        this(DEFAULT_TIMEOUT);
    }

    /** Registers a started component, stopped by its close(); returns it, for {@code x = shutdown.register("x", start())}. */
    public synchronized <T extends AutoCloseable> T register(String name, T component) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(component, "component");
        if (shuttingDown) {
            throw new IllegalStateException("shutting down: cannot register " + name);
        }
        components.add(new Component(name, component));
        return component;
    }

    /** Registers a stop action. */
    public void onShutdown(String name, Runnable stop) {
        register(name, stop::run);
    }

    /** Runs {@link #close()} when the JVM is asked to exit (SIGTERM, SIGINT, System.exit). */
    public synchronized Shutdown installHook() {
        if (hook == null) {
            hook = new Thread(this::close, "shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        return this;
    }

    /** Whether stopping has begun; e.g. for a readiness check. */
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Stops everything registered, last first; the second and later calls do nothing. */
    @Override
    public void close() {
        stopAll();
    }

    /** As {@link #close()}, and says how each component fared (empty when already done). */
    public List<Outcome> stopAll() {
        List<Component> toStop;
        synchronized (this) {
            shuttingDown = true;
            if (done) {
                return List.of();
            }
            done = true;
            toStop = new ArrayList<>(components);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        LOG.info("shutting down {} components", toStop.size());
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = toStop.size() - 1; i >= 0; i--) {
            long left = Math.max(deadline - System.nanoTime(), MINIMUM_PER_COMPONENT.toNanos());
            outcomes.add(stop(toStop.get(i), left));
        }
        LOG.info("shut down");
        return outcomes;
    }

    private static Outcome stop(Component component, long nanos) {
        long start = System.nanoTime();
        FutureTask<Void> task = new FutureTask<>(() -> {
            component.stop().close();
            return null;
        });
        Thread thread = new Thread(task, "shutdown-" + component.name());
        thread.setDaemon(true);
        thread.start();
        try {
            task.get(nanos, TimeUnit.NANOSECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            LOG.debug("stopped {} in {} ms", component.name(), took.toMillis());
            return new Outcome(component.name(), true, took, null);
        } catch (TimeoutException e) {
            LOG.warn("{} did not stop within {} ms; leaving it", component.name(), TimeUnit.NANOSECONDS.toMillis(nanos));
            thread.interrupt();
            return new Outcome(component.name(), false, Duration.ofNanos(System.nanoTime() - start), e);
        } catch (ExecutionException e) {
            LOG.warn("stopping {} failed", component.name(), e.getCause());
            return new Outcome(component.name(), true, Duration.ofNanos(System.nanoTime() - start), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(component.name(), false, Duration.ofNanos(System.nanoTime() - start), e);
        }
    }
}

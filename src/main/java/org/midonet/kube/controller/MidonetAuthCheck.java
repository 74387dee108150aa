package org.midonet.kube.controller;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.midonet.kube.controller.ops.ReadinessCheck;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether MidoNet accepts the controllers' credentials: one authenticated read (the host list, which logs in first)
 * at start and then periodically, every {@code failingPeriod} while refused and every {@code okPeriod} otherwise.
 * A 401 or 403 makes the process not ready, with the reason, and is logged as an error once; the next accepted
 * read makes it ready again and says so, without a restart. MidoNet unreachable or failing otherwise says nothing
 * about the credentials: it is logged, and does not make the process not ready (the pusher reports it per
 * Translation). Each time MidoNet starts refusing them, the reason is also handed to a listener (the controllers
 * record a Warning Event on their own Pod).
 */
public final class MidonetAuthCheck implements ReadinessCheck, AutoCloseable {
    public static final Duration DEFAULT_OK_PERIOD = Duration.ofMinutes(1);
    public static final Duration DEFAULT_FAILING_PERIOD = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(MidonetAuthCheck.class);

    /** What one authenticated read tells. */
    public enum Outcome { ACCEPTED, REFUSED, UNKNOWN }

    /** One authenticated read: throws a MidonetException for what MidoNet answers other than success. */
    @FunctionalInterface
    public interface Probe {
        void read();
    }

    private final Probe probe;
    private final String username;
    private final Duration okPeriod;
    private final Duration failingPeriod;
    private final ScheduledExecutorService timer;
    private volatile Status status = Status.ok();
    private volatile Outcome last;
    private volatile Consumer<String> onRefused = reason -> { };

    MidonetAuthCheck(Probe probe, String username, Duration okPeriod, Duration failingPeriod) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.username = username;
        this.okPeriod = okPeriod;
        this.failingPeriod = failingPeriod;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "midonet-auth-check");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Checks at once (on its own thread: MidoNet may be slow to answer) and then periodically, until closed;
     * {@code onRefused} gets the reason each time MidoNet starts refusing the credentials.
     */
    public static MidonetAuthCheck start(MidonetClient client, Consumer<String> onRefused) {
        MidonetAuthCheck check = new MidonetAuthCheck(client::hosts, client.config().username(), DEFAULT_OK_PERIOD,
                DEFAULT_FAILING_PERIOD);
        check.onRefused = onRefused;
        return check.start();
    }

    /** Hands the reason to {@code listener} each time MidoNet starts refusing the credentials. */
    MidonetAuthCheck onRefused(Consumer<String> listener) {
        this.onRefused = listener;
        return this;
    }

    MidonetAuthCheck start() {
        schedule(Duration.ZERO);
        return this;
    }

    private void schedule(Duration delay) {
        try {
            timer.schedule(() -> schedule(checkNow() == Outcome.ACCEPTED ? okPeriod : failingPeriod),
                    delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** One read, the readiness and the log updated from it. */
    Outcome checkNow() {
        Outcome outcome;
        String detail = "";
        try {
            probe.read();
            outcome = Outcome.ACCEPTED;
        } catch (MidonetException e) {
            outcome = e.status() == 401 || e.status() == 403 ? Outcome.REFUSED : Outcome.UNKNOWN;
            detail = e.getMessage();
        } catch (RuntimeException e) {
            outcome = Outcome.UNKNOWN;
            detail = e.toString();
        }
        Outcome previous = last;
        last = outcome;
        switch (outcome) {
            case REFUSED -> {
                status = Status.notReady("MidoNet refuses the credentials of user '" + username + "' (" + detail
                        + "); fix the password (--midonet-password, its file or MIDONETKUBE_MIDONET_PASSWORD) or the"
                        + " user's role; checked again every " + failingPeriod.toSeconds() + " s");
                if (previous != Outcome.REFUSED) {
                    LOG.error("{}: nothing can be pushed to MidoNet; /readyz is not ready until it accepts them",
                            status.reason());
                    onRefused.accept(status.reason());
                }
            }
            case ACCEPTED -> {
                status = Status.ok();
                if (previous == null || previous == Outcome.REFUSED) {
                    LOG.info("MidoNet accepts the credentials of user '{}'{}", username, previous == null ? "" : " again");
                }
            }
            default -> {
                status = Status.ok();
                if (previous != Outcome.UNKNOWN) {
                    LOG.warn("cannot tell whether MidoNet accepts the credentials of user '{}' ({}); checking again"
                            + " every {} s", username, detail, failingPeriod.toSeconds());
                }
            }
        }
        return outcome;
    }

    @Override
    public Status check() {
        return status;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

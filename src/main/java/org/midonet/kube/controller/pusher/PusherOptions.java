package org.midonet.kube.controller.pusher;

import java.time.Duration;
import org.midonet.kube.common.Backoff;

/**
 * How the {@link Pusher} works.
 *
 * @param parallelism how many Translations are applied at a time (one at a time per Translation)
 * @param resyncPeriod how often every pushed Translation is read back from MidoNet to repair drift; zero or
 *     negative for never (then call {@link Pusher#resync()})
 * @param callBackoff the applier's retries of one MidoNet call that failed in passing (no answer, 5xx)
 * @param retryBase the first wait before a Translation that failed is applied again; doubled on every
 *     further failure up to {@code retryCap}
 * @param retryCap the longest wait between two attempts at a failing Translation
 * @param referentWait the first wait before a Translation that refers to another's object not created yet
 *     is tried again (doubling up to {@code retryCap}); Translations created together arrive in no useful
 *     order, so such a failure is retried silently at first
 * @param referentGrace how long a Translation may wait for its referents before the failure is reported
 *     (status Pushed=False, reason ReferentMissing, and a Warning Event)
 */
public record PusherOptions(int parallelism, Duration resyncPeriod, Backoff callBackoff, Duration retryBase,
        Duration retryCap, Duration referentWait, Duration referentGrace) {

    public PusherOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        if (retryBase.isNegative() || retryCap.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("the retry waits must satisfy 0 <= base <= cap: " + retryBase + ", " + retryCap);
        }
    }

    /**
     * 8 at a time (each Translation's calls are made one after the other, so MidoNet's latency, not the CPU, bounds
     * fewer workers: at 2 ms a call, 4 workers could not make the 94,000 calls of 10,000 Services in a minute),
     * a resync every 5 minutes, retries after 0.5 s doubling up to 30 s, a missing referent
     * reported after 10 s.
     */
    public static PusherOptions defaults() {
        return new PusherOptions(8, Duration.ofMinutes(5), Backoff.defaults(), Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofMillis(100), Duration.ofSeconds(10));
    }

    public PusherOptions withParallelism(int parallelism) {
        return new PusherOptions(parallelism, resyncPeriod, callBackoff, retryBase, retryCap, referentWait, referentGrace);
    }

    public PusherOptions withResyncPeriod(Duration resyncPeriod) {
        return new PusherOptions(parallelism, resyncPeriod, callBackoff, retryBase, retryCap, referentWait, referentGrace);
    }

    public PusherOptions withCallBackoff(Backoff callBackoff) {
        return new PusherOptions(parallelism, resyncPeriod, callBackoff, retryBase, retryCap, referentWait, referentGrace);
    }

    public PusherOptions withRetry(Duration base, Duration cap) {
        return new PusherOptions(parallelism, resyncPeriod, callBackoff, base, cap, referentWait, referentGrace);
    }

    public PusherOptions withReferentGrace(Duration referentGrace) {
        return new PusherOptions(parallelism, resyncPeriod, callBackoff, retryBase, retryCap, referentWait, referentGrace);
    }

    /** The backoff of a failing Translation: retryBase doubling up to retryCap. */
    public Backoff retryBackoff() {
        return Backoff.doubling(retryBase, retryCap);
    }

    /** The backoff of a Translation waiting for a referent: referentWait doubling up to retryCap. */
    public Backoff referentBackoff() {
        return Backoff.doubling(referentWait.compareTo(retryCap) < 0 ? referentWait : retryCap, retryCap);
    }

    /** The longest wait before attempt {@code failures + 1} of a failing Translation: base * 2^(failures-1), capped. */
    public Duration retryDelay(int failures) {
        return retryBackoff().upperBound(failures);
    }
}

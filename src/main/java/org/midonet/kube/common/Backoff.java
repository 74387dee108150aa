package org.midonet.kube.common;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one capped exponential backoff of the project: attempt n (from 1) may wait up to
 * {@code min(cap, base * 2^(n-1))}. Waiting code picks a random time below that bound so that work that failed
 * together does not retry together: {@link #pause} waits anything in [0, bound] (full jitter, for one call
 * retried in place), {@link #jittered} answers something in [bound/2, bound] (for work queued again). With
 * the applier's defaults (base 50 ms, cap 2 s, 8 attempts) the bounds are 50, 100, 200, 400, 800, 1600,
 * 2000 ms: at most about 5 s of waiting before a call is given up.
 *
 * @param maxAttempts how many attempts {@link #pause} is meant for (callers stop after that many)
 * @param sleeper how {@link #pause} waits; tests pass one that does not
 */
public record Backoff(Duration base, Duration cap, int maxAttempts, Sleeper sleeper) {

    /** Waits; tests pass one that does not. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public Backoff {
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 <= base <= cap: " + base + ", " + cap);
        }
    }

    /** The applier's retries of one MidoNet call: 50 ms doubling up to 2 s, 8 attempts. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), 8, Backoff::sleep);
    }

    /** A backoff without a limit on attempts, for work that is queued again rather than waited for. */
    public static Backoff doubling(Duration base, Duration cap) {
        return new Backoff(base, cap, Integer.MAX_VALUE, Backoff::sleep);
    }

    /** The longest wait before attempt {@code attempt + 1}, i.e. after {@code attempt} failures (at least 1). */
    public Duration upperBound(int attempt) {
        long millis = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        return Duration.ofMillis(Math.min(cap.toMillis(), millis));
    }

    /** A wait between half the bound and the bound. */
    public Duration jittered(int attempt) {
        long half = upperBound(attempt).toMillis() / 2;
        return Duration.ofMillis(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
    }

    /** Waits anything up to the bound; an interrupt ends the wait with an IllegalStateException. */
    public void pause(int attempt) {
        long bound = upperBound(attempt).toMillis();
        try {
            sleeper.sleep(Duration.ofMillis(bound == 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}

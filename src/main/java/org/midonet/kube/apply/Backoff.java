package org.midonet.kube.apply;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter: attempt n (from 1) waits a random time in
 * [0, min(cap, base * 2^(n-1))]. With the defaults (base 50 ms, cap 2 s, 8 attempts) the upper bounds are
 * 50, 100, 200, 400, 800, 1600, 2000 ms: at most about 5 s of waiting before a call is given up.
 */
public record Backoff(Duration base, Duration cap, int maxAttempts, Sleeper sleeper) {

    /** Waits; tests pass one that does not. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(50), Duration.ofSeconds(2), 8, d -> Thread.sleep(d.toMillis()));
    }

    public Duration upperBound(int attempt) {
        long millis = base.toMillis() << Math.min(attempt - 1, 30);
        return Duration.ofMillis(Math.min(cap.toMillis(), millis));
    }

    void pause(int attempt) {
        long bound = upperBound(attempt).toMillis();
        try {
            sleeper.sleep(Duration.ofMillis(bound == 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }
}

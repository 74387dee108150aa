package org.midonet.kube.controller.ops;

import java.util.function.LongSupplier;

/**
 * Paces one thread to a rate: {@link #take()} returns at once while tokens are left (up to {@code burst}
 * of them, refilled at {@code perSecond}), and otherwise sleeps until one is. Not thread-safe.
 */
final class TokenBucket {
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double perNano;
    private final double burst;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, double burst) {
        this(perSecond, burst, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    TokenBucket(double perSecond, double burst, LongSupplier clock, Sleeper sleeper) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException(
                    "a rate above 0 and a burst of at least 1 are needed: " + perSecond + ", " + burst);
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.clock = clock;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.last = clock.getAsLong();
    }

    void take() throws InterruptedException {
        refill();
        while (tokens < 1) {
            sleeper.sleep((long) Math.ceil((1 - tokens) / perNano));
            refill();
        }
        tokens -= 1;
    }

    private void refill() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
    }
}

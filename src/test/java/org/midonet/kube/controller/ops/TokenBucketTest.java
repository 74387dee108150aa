package org.midonet.kube.controller.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private long now = 1_000_000_000L;
    private final List<Long> slept = new ArrayList<>();

    private TokenBucket bucket(double perSecond, double burst) {
        return new TokenBucket(perSecond, burst, () -> now, nanos -> {
            slept.add(nanos);
            now += nanos;
        });
    }

    @Test
    void aBurstPassesAtOnceThenTheRateHolds() throws InterruptedException {
        TokenBucket bucket = bucket(10, 3);
        for (int i = 0; i < 3; i++) {
            bucket.take();
        }
        assertThat(slept).isEmpty();

        long start = now;
        for (int i = 0; i < 5; i++) {
            bucket.take();
        }
        assertThat(now - start).as("five more at ten a second").isBetween(499_000_000L, 501_000_000L);
    }

    @Test
    void tokensComeBackWithTimeButNoMoreThanTheBurst() throws InterruptedException {
        TokenBucket bucket = bucket(10, 2);
        bucket.take();
        bucket.take();
        now += 60_000_000_000L; // a quiet minute
        bucket.take();
        bucket.take();
        assertThat(slept).isEmpty();
        bucket.take();
        assertThat(slept).singleElement().satisfies(n -> assertThat(n).isBetween(99_000_000L, 101_000_000L));
    }

    @Test
    void refusesARateOrBurstThatCouldNeverPass() {
        assertThatThrownBy(() -> bucket(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bucket(5, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}

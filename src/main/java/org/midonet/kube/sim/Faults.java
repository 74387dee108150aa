package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The faults the emulator injects into requests to /midonet-api (never into /_admin). Set at construction and
 * changed at run time through this object or {@code PUT /_admin/faults}. Thread-safe. With a seed the random
 * draws are reproducible: each request draws once for the drop rate and once for the failure rate (only
 * when that rate is above zero), and a failure draws once more to choose 500 or 503.
 */
public final class Faults {
    private final Random random;
    private final LongSupplier clock;
    private double failRate;
    private double dropRate;
    private long latencyMillis;
    private long tokenTtlSeconds;
    private long outageUntil;

    /** What to do with one request. */
    record Decision(long latencyMillis, boolean drop, int failStatus) {
    }

    Faults(Long seed, LongSupplier clock) {
        this.random = seed == null ? new Random() : new Random(seed);
        this.clock = clock;
    }

    /** A fraction 0..1 of API requests answered 500 or 503 without doing anything. */
    public synchronized void setFailRate(double failRate) {
        this.failRate = fraction("failRate", failRate);
    }

    /** A fraction 0..1 of API requests whose connection is closed without an answer. */
    public synchronized void setDropRate(double dropRate) {
        this.dropRate = fraction("dropRate", dropRate);
    }

    /** Milliseconds added to every API request. */
    public synchronized void setLatencyMillis(long latencyMillis) {
        this.latencyMillis = nonNegative("latencyMillis", latencyMillis);
    }

    /** Seconds a token lives; 0 for tokens that never expire. */
    public synchronized void setTokenTtlSeconds(long tokenTtlSeconds) {
        this.tokenTtlSeconds = nonNegative("tokenTtlSeconds", tokenTtlSeconds);
    }

    /** Drops every API request for the given time from now; zero ends an outage. */
    public synchronized void startOutage(Duration duration) {
        outageUntil = duration.isZero() || duration.isNegative() ? 0 : clock.getAsLong() + duration.toMillis();
    }

    public synchronized void setSeed(long seed) {
        random.setSeed(seed);
    }

    public synchronized double failRate() {
        return failRate;
    }

    public synchronized double dropRate() {
        return dropRate;
    }

    public synchronized long latencyMillis() {
        return latencyMillis;
    }

    public synchronized long tokenTtlSeconds() {
        return tokenTtlSeconds;
    }

    public synchronized boolean outageActive() {
        return clock.getAsLong() < outageUntil;
    }

    /** Clears every fault (the seed's sequence goes on). */
    public synchronized void clear() {
        failRate = 0;
        dropRate = 0;
        latencyMillis = 0;
        tokenTtlSeconds = 0;
        outageUntil = 0;
    }

    synchronized Decision decide() {
        boolean drop = outageActive() || (dropRate > 0 && random.nextDouble() < dropRate);
        int fail = 0;
        if (!drop && failRate > 0 && random.nextDouble() < failRate) {
            fail = random.nextBoolean() ? 500 : 503;
        }
        return new Decision(latencyMillis, drop, fail);
    }

    /** The settings as GET /_admin/faults shows them. */
    public synchronized ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("failRate", failRate);
        json.put("dropRate", dropRate);
        json.put("latencyMillis", latencyMillis);
        json.put("tokenTtlSeconds", tokenTtlSeconds);
        long left = Math.max(0, outageUntil - clock.getAsLong());
        json.put("outageActive", left > 0);
        json.put("outageSeconds", left / 1000.0);
        return json;
    }

    /**
     * Applies the fields present in a PUT /_admin/faults body: failRate, dropRate, latencyMillis,
     * tokenTtlSeconds, outageSeconds (an outage from now; 0 ends it), seed. Throws IllegalArgumentException for
     * a bad value, leaving the settings unchanged.
     */
    public synchronized void update(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the faults must be a JSON object");
        }
        double newFail = body.has("failRate") ? fraction("failRate", number(body, "failRate")) : failRate;
        double newDrop = body.has("dropRate") ? fraction("dropRate", number(body, "dropRate")) : dropRate;
        long newLatency = body.has("latencyMillis") ? nonNegative("latencyMillis", (long) number(body, "latencyMillis"))
                : latencyMillis;
        long newTtl = body.has("tokenTtlSeconds") ? nonNegative("tokenTtlSeconds", (long) number(body, "tokenTtlSeconds"))
                : tokenTtlSeconds;
        Double outage = body.has("outageSeconds") ? number(body, "outageSeconds") : null;
        if (outage != null && outage < 0) {
            throw new IllegalArgumentException("outageSeconds must not be negative");
        }
        if (body.has("seed") && !body.get("seed").canConvertToLong()) {
            throw new IllegalArgumentException("seed must be an integer");
        }
        failRate = newFail;
        dropRate = newDrop;
        latencyMillis = newLatency;
        tokenTtlSeconds = newTtl;
        if (outage != null) {
            startOutage(Duration.ofMillis(Math.round(outage * 1000)));
        }
        if (body.has("seed")) {
            random.setSeed(body.get("seed").asLong());
        }
    }

    private static double number(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (!value.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number");
        }
        return value.asDouble();
    }

    private static double fraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, not " + value);
        }
        return value;
    }

    private static long nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
        return value;
    }
}

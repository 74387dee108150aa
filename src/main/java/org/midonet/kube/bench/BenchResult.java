package org.midonet.kube.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The measurements of one benchmark run (one cluster shape): named values with a unit, in the order they were
 * taken. Names are dotted, e.g. {@code cold_apply.seconds}, {@code endpoint_change.p99_ms}.
 */
final class BenchResult {
    /** One measured value. */
    record Metric(String name, double value, String unit) {
    }

    private final BenchShape shape;
    private final long latencyMillis;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();

    BenchResult(BenchShape shape, long latencyMillis) {
        this.shape = shape;
        this.latencyMillis = latencyMillis;
    }

    BenchShape shape() {
        return shape;
    }

    long latencyMillis() {
        return latencyMillis;
    }

    void put(String name, double value, String unit) {
        metrics.put(name, new Metric(name, value, unit));
    }

    /** Records count, p50, p99, max and mean (milliseconds) of latencies in nanoseconds under a prefix. */
    void latencies(String prefix, long[] nanos) {
        put(prefix + ".count", nanos.length, "count");
        if (nanos.length == 0) {
            return;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        put(prefix + ".p50_ms", percentile(sorted, 0.50) / 1e6, "ms");
        put(prefix + ".p99_ms", percentile(sorted, 0.99) / 1e6, "ms");
        put(prefix + ".max_ms", sorted[sorted.length - 1] / 1e6, "ms");
        put(prefix + ".mean_ms", Arrays.stream(sorted).average().orElse(0) / 1e6, "ms");
    }

    OptionalDouble get(String name) {
        Metric m = metrics.get(name);
        return m == null ? OptionalDouble.empty() : OptionalDouble.of(m.value());
    }

    /** The value, or NaN when it was not measured. */
    double value(String name) {
        return get(name).orElse(Double.NaN);
    }

    Collection<Metric> metrics() {
        return metrics.values();
    }

    /**
     * Nearest-rank percentile of sorted values: the smallest value with at least q of the values at or below
     * it (q in (0, 1]).
     */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** A value as CSV and the tables print it: integers without decimals, others with up to 3. */
    static String format(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}

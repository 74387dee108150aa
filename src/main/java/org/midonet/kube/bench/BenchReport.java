package org.midonet.kube.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * Writes benchmark results as CSV (one row per shape and metric; read back by {@link #readCsv}) and as
 * Markdown tables a user can read: the measurements per shape, the goals, and the original's scheme side by
 * side. Pure formatting, no measurement.
 */
final class BenchReport {
    static final String CSV_HEADER = "services,ports,endpoints,nodes,pods_per_node,namespaces,seed,latency_ms,metric,value,unit";

    /** A goal of issue 7: a metric, its limit and whether lower is better; a NaN value is "not measured". */
    record Goal(String title, String metric, double limit, String unit) {
        boolean met(BenchResult r) {
            double v = r.value(metric);
            return !Double.isNaN(v) && v <= limit;
        }
    }

    static final List<Goal> GOALS = List.of(
            new Goal("cold translation time", "cold_translation.ms", 2000, "ms"),
            new Goal("cold translation heap", "cold_translation.heap_mib", 512, "MiB"),
            new Goal("cold apply (whole cold start)", "cold_apply.seconds", 60, "s"),
            new Goal("programming latency p99, one endpoint", "endpoint_change.p99_ms", 1000, "ms"),
            new Goal("MidoNet writes on an unchanged restart", "restart.midonet_writes", 0, "writes"));

    private BenchReport() {
    }

    static String csv(List<BenchResult> results) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        for (BenchResult r : results) {
            BenchShape s = r.shape();
            for (BenchResult.Metric m : r.metrics()) {
                out.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%d,%d,%d,%s,%s,%s%n", s.services(), s.ports(),
                        s.endpoints(), s.nodes(), s.podsPerNode(), s.namespaces(), s.seed(), r.latencyMillis(), m.name(),
                        BenchResult.format(m.value()), m.unit()));
            }
        }
        return out.toString();
    }

    static void writeCsv(Path file, List<BenchResult> results) throws IOException {
        Files.writeString(file, csv(results), StandardCharsets.UTF_8);
    }

    /** Results from CSV text as {@link #csv} writes it, in the order of their first row. */
    static List<BenchResult> parseCsv(String text) {
        Map<String, BenchResult> byShape = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].trim().equals(CSV_HEADER)) {
            throw new IllegalArgumentException("not a benchmark CSV: the header should be " + CSV_HEADER);
        }
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 11) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected 11 fields: " + line);
            }
            String key = String.join(",", List.of(f).subList(0, 8));
            BenchResult r = byShape.computeIfAbsent(key, k -> new BenchResult(new BenchShape(Integer.parseInt(f[0]),
                    Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                    Integer.parseInt(f[5]), Long.parseLong(f[6])), Long.parseLong(f[7])));
            r.put(f[8], f[9].isEmpty() ? Double.NaN : Double.parseDouble(f[9]), f[10]);
        }
        return new ArrayList<>(byShape.values());
    }

    static List<BenchResult> readCsv(Path file) throws IOException {
        return parseCsv(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The Markdown report: what was run, the measurements, the goals, and the original's scheme. */
    static String markdown(List<BenchResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("### Measurements\n\n");
        table(out, results, List.of(
                value("Kubernetes objects", "kubernetes_objects", v -> count(v)),
                value("Translations", "translations", v -> count(v)),
                value("MidoNet objects", "midonet_objects", v -> count(v)),
                row("largest Translation: resources / KiB", "largest_translation.resources",
                        (r) -> count(r.value("largest_translation.resources")) + " / "
                                + fixed(r.value("largest_translation.bytes") / 1024, 1)),
                value("cold translation (ms)", "cold_translation.ms", v -> fixed(v, 0)),
                value("cold translation heap (MiB)", "cold_translation.heap_mib", v -> fixed(v, 1)),
                value("cold start: Translations written (s)", "cold_start.translations_written_s", v -> fixed(v, 1)),
                value("cold apply: MidoNet holds everything (s)", "cold_apply.seconds", v -> fixed(v, 1)),
                value("cold apply: MidoNet calls", "cold_apply.midonet_calls", v -> count(v)),
                value("cold apply: calls per second", "cold_apply.calls_per_second", v -> fixed(v, 0)),
                row("cold apply: MidoNet writes / minimum", "cold_apply.midonet_writes",
                        r -> count(r.value("cold_apply.midonet_writes")) + " / " + count(r.value("cold_apply.minimum_writes"))),
                row("endpoint change: p50 / p99 / max (ms)", "endpoint_change.p50_ms", r -> latencies(r, "endpoint_change")),
                row("endpoint change: MidoNet writes / minimum", "endpoint_change.midonet_writes",
                        r -> perChange(r, "endpoint_change")),
                row("Service add: p50 / p99 / max (ms)", "service_add.p50_ms", r -> latencies(r, "service_add")),
                row("Service add: MidoNet writes / minimum", "service_add.midonet_writes", r -> perChange(r, "service_add")),
                row("Service delete: p50 / p99 / max (ms)", "service_delete.p50_ms", r -> latencies(r, "service_delete")),
                row("Service delete: MidoNet writes / minimum", "service_delete.midonet_writes",
                        r -> perChange(r, "service_delete")),
                value("restart: ready (s)", "restart.ready_seconds", v -> fixed(v, 1)),
                row("restart: MidoNet writes / calls", "restart.midonet_writes",
                        r -> count(r.value("restart.midonet_writes")) + " / " + count(r.value("restart.midonet_calls"))),
                value("restart: Translation writes", "restart.translation_writes", v -> count(v)),
                value("resync, nothing drifted (s)", "resync.seconds", v -> fixed(v, 1)),
                row("resync: MidoNet calls / writes", "resync.midonet_calls",
                        r -> count(r.value("resync.midonet_calls")) + " / " + count(r.value("resync.midonet_writes"))),
                value("process heap at the end (MiB)", "process.heap_mib", v -> fixed(v, 0)),
                row("load average (start / end)", "load_average.start",
                        r -> fixed(r.value("load_average.start"), 2) + " / " + fixed(r.value("load_average.end"), 2))));

        out.append("\n### Against the original's scheme (computed, see below)\n\n");
        table(out, results, List.of(
                row("Translations: ours / original", "translations",
                        r -> count(r.value("translations")) + " / " + count(r.value("original.translations"))),
                row("MidoNet objects: ours / original", "midonet_objects",
                        r -> count(r.value("midonet_objects")) + " / " + count(r.value("original.objects"))),
                row("cold start MidoNet writes: ours / original", "cold_apply.midonet_writes",
                        r -> count(r.value("cold_apply.midonet_writes")) + " / " + count(r.value("original.cold.calls"))),
                row("endpoint change writes: ours / original", "endpoint_change.midonet_writes",
                        r -> fixed(r.value("endpoint_change.midonet_writes"), 1) + " / "
                                + fixed(r.value("original.endpoint_change.calls"), 1)),
                row("endpoint change Translation writes: ours / original", "endpoint_change.translation_writes",
                        r -> fixed(r.value("endpoint_change.translation_writes"), 1) + " / "
                                + fixed(r.value("original.endpoint_change.translation_writes"), 1)),
                row("Service add writes: ours / original", "service_add.midonet_writes",
                        r -> fixed(r.value("service_add.midonet_writes"), 1) + " / "
                                + fixed(r.value("original.service_add.calls"), 1)),
                row("Service delete writes: ours / original", "service_delete.midonet_writes",
                        r -> fixed(r.value("service_delete.midonet_writes"), 1) + " / "
                                + fixed(r.value("original.service_delete.calls"), 1)),
                row("restart MidoNet writes: ours / original", "restart.midonet_writes",
                        r -> count(r.value("restart.midonet_writes")) + " / " + count(r.value("original.restart.calls"))),
                row("original cold start at the latency, one call at a time (s)", "original.cold.calls",
                        r -> fixed(r.value("original.cold.calls") * r.latencyMillis() / 1000.0, 0))));

        out.append("\n### Goals\n\n");
        headerRows(out, results, "| goal | limit |", "|---|---|", "---|");
        for (Goal g : GOALS) {
            out.append("| ").append(g.title()).append(" | ≤ ").append(BenchResult.format(g.limit())).append(' ').append(g.unit())
                    .append(" |");
            for (BenchResult r : results) {
                double v = r.value(g.metric());
                out.append(' ').append(Double.isNaN(v) ? "not measured" : BenchResult.format(round(v)) + " "
                        + (g.met(r) ? "met" : "**not met**"))
                        .append(" |");
            }
            out.append('\n');
        }
        out.append("| MidoNet writes = minimum (cold, endpoint, add, delete) | = |");
        for (BenchResult r : results) {
            boolean equal = true;
            for (String p : List.of("cold_apply", "endpoint_change", "service_add", "service_delete")) {
                double w = r.value(p + ".midonet_writes");
                double m = r.value(p + ".minimum_writes");
                equal &= Double.isNaN(w) || Math.abs(w - m) < 1e-9;
            }
            out.append(equal ? " met |" : " **not met** |");
        }
        out.append('\n');
        return out.toString();
    }

    private record Row(String title, String presence, Function<BenchResult, String> cell) {
    }

    private static Row value(String title, String metric, DoubleFunction<String> format) {
        return new Row(title, metric, r -> format.apply(r.value(metric)));
    }

    private static Row row(String title, String presence, Function<BenchResult, String> cell) {
        return new Row(title, presence, cell);
    }

    /** A markdown table's header: the leading columns, one column per result, and the separator row. */
    private static void headerRows(StringBuilder out, List<BenchResult> results, String leading, String leadingRule,
            String rule) {
        out.append(leading);
        results.forEach(r -> out.append(' ').append(header(r)).append(" |"));
        out.append('\n').append(leadingRule);
        results.forEach(r -> out.append(rule));
        out.append('\n');
    }

    private static void table(StringBuilder out, List<BenchResult> results, List<Row> rows) {
        headerRows(out, results, "| |", "|---|", "---:|");
        for (Row row : rows) {
            if (results.stream().allMatch(r -> Double.isNaN(r.value(row.presence())))) {
                continue;
            }
            out.append("| ").append(row.title()).append(" |");
            for (BenchResult r : results) {
                out.append(' ').append(Double.isNaN(r.value(row.presence())) ? "–" : row.cell().apply(r)).append(" |");
            }
            out.append('\n');
        }
    }

    /** The column header of a result, e.g. "10,000 × 2 × 10". */
    static String header(BenchResult r) {
        BenchShape s = r.shape();
        return String.format(Locale.ROOT, "%,d × %d × %,d", s.services(), s.ports(), s.endpoints());
    }

    private static String latencies(BenchResult r, String prefix) {
        return fixed(r.value(prefix + ".p50_ms"), 1) + " / " + fixed(r.value(prefix + ".p99_ms"), 1) + " / "
                + fixed(r.value(prefix + ".max_ms"), 1);
    }

    private static String perChange(BenchResult r, String prefix) {
        return fixed(r.value(prefix + ".midonet_writes"), 2) + " / " + fixed(r.value(prefix + ".minimum_writes"), 2);
    }

    static String count(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private static double round(double v) {
        return Math.abs(v) >= 100 ? Math.rint(v) : Math.rint(v * 100) / 100;
    }
}

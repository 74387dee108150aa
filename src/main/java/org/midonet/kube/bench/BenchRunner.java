package org.midonet.kube.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.midonet.kube.translate.Ids;

/**
 * What the {@code bench} command does: runs one shape, or several (each in a fresh JVM unless asked
 * otherwise, so that every cold measurement is cold), prints the Markdown tables and writes CSV, Markdown
 * and the SVG plot.
 */
public final class BenchRunner {
    /** The command line's settings. */
    public record Settings(int services, int ports, int endpoints, int nodes, int podsPerNode, boolean withPods, int namespaces,
            long seed, List<String> scales, long latencyMillis, int changes, int warmup, int serviceOps, boolean original,
            Path out, Duration timeout, boolean inProcess, Path csvTo) {
    }

    private BenchRunner() {
    }

    /** Runs the benchmark; 0 when every run completed. */
    public static int run(Settings s, PrintWriter out, PrintWriter err) throws Exception {
        List<BenchShape> shapes;
        try {
            shapes = shapes(s);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        List<BenchResult> results = new ArrayList<>();
        boolean fork = shapes.size() > 1 && !s.inProcess();
        for (BenchShape shape : shapes) {
            Progress progress = new Progress(err, "bench " + shape.id());
            if (fork) {
                results.addAll(forked(s, shape, err));
            } else {
                Workload workload = new Workload(s.warmup(), s.changes(), s.serviceOps());
                results.add(PipelineBenchmark.run(new PipelineBenchmark.Options(shape, s.withPods(), s.latencyMillis(), workload,
                        Ids.DEFAULT_TENANT, s.timeout(), s.original(), 4), progress));
            }
        }
        if (s.csvTo() != null) {
            BenchReport.writeCsv(s.csvTo(), results);
            return complete(results) ? 0 : 1;
        }
        String markdown = BenchReport.markdown(results);
        out.println();
        out.print(markdown);
        if (s.out() != null) {
            Files.createDirectories(s.out());
            BenchReport.writeCsv(s.out().resolve("bench.csv"), results);
            Files.writeString(s.out().resolve("bench.md"), markdown);
            Files.writeString(s.out().resolve("bench.svg"), SvgPlot.of(results));
            out.println();
            out.println("Written: " + s.out().resolve("bench.csv") + ", " + s.out().resolve("bench.md") + ", "
                    + s.out().resolve("bench.svg"));
        }
        out.flush();
        return complete(results) ? 0 : 1;
    }

    private static boolean complete(List<BenchResult> results) {
        return results.stream().allMatch(r -> r.value("cold_start.complete") == 1 && r.value("restart.ready") == 1
                && r.value("endpoint_change.timed_out") == 0);
    }

    /** The shapes asked for: --scales (N or NxE each), or the single --services shape. */
    static List<BenchShape> shapes(Settings s) {
        List<BenchShape> shapes = new ArrayList<>();
        if (s.scales().isEmpty()) {
            shapes.add(new BenchShape(s.services(), s.ports(), s.endpoints(), s.nodes(), s.podsPerNode(), s.namespaces(),
                    s.seed()));
            return shapes;
        }
        for (String scale : s.scales()) {
            String[] parts = scale.trim().toLowerCase(Locale.ROOT).split("x");
            try {
                int n = Integer.parseInt(parts[0]);
                int e = parts.length > 1 ? Integer.parseInt(parts[1]) : s.endpoints();
                if (parts.length > 2) {
                    throw new NumberFormatException();
                }
                shapes.add(new BenchShape(n, s.ports(), e, s.nodes(), s.podsPerNode(), s.namespaces(), s.seed()));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("--scales: '" + scale + "' is not N or NxE");
            }
        }
        return shapes;
    }

    /** Runs one shape in a child JVM with this JVM's options, progress passed through, and reads its CSV back. */
    private static List<BenchResult> forked(Settings s, BenchShape shape, PrintWriter err)
            throws IOException, InterruptedException {
        Path csv = Files.createTempFile("midonet-kube-bench-", ".csv");
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.midonet.kube.cli.Main", "bench",
                    "--services", Integer.toString(shape.services()), "--ports", Integer.toString(shape.ports()),
                    "--endpoints", Integer.toString(shape.endpoints()), "--nodes", Integer.toString(shape.nodes()),
                    "--pods-per-node", Integer.toString(shape.podsPerNode()),
                    "--namespaces", Integer.toString(shape.namespaces()),
                    "--seed", Long.toString(shape.seed()), "--latency-ms", Long.toString(s.latencyMillis()),
                    "--changes", Integer.toString(s.changes()), "--warmup", Integer.toString(s.warmup()),
                    "--service-ops", Integer.toString(s.serviceOps()), "--timeout", s.timeout().toString(),
                    "--csv-to", csv.toString()));
            if (!s.withPods()) {
                command.add("--no-pods");
            }
            if (!s.original()) {
                command.add("--no-original");
            }
            err.flush();
            Process child = new ProcessBuilder(command).inheritIO().start();
            int exit = child.waitFor();
            if (exit > 1 || Files.size(csv) == 0) {
                throw new IllegalStateException("the run of " + shape.label() + " failed (exit code " + exit + ")");
            }
            return BenchReport.readCsv(csv);
        } finally {
            Files.deleteIfExists(csv);
        }
    }
}

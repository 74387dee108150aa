package org.midonet.kube.bench;

import com.sun.management.OperatingSystemMXBean;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.kie.api.KieBase;
import org.midonet.kube.facts.FactMapper;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;

/**
 * Measures the translation core on a {@link SyntheticCluster}: the KieBase build, a cold translation of the
 * whole cluster in one batch (time, retained heap, Translations, facts), then incremental batches on the
 * loaded cluster: one-endpoint changes of an EndpointSlice, Service additions and deletions.
 *
 * <pre>
 * java -Xmx2g -cp target/midonet-kube.jar org.midonet.kube.bench.TranslationBenchmark \
 *     --services 10000 --ports 2 --endpoints 10 --nodes 100 --changes 1000 --warmup 200 [--pods] [--csv out.csv]
 * </pre>
 *
 * Every time is System.nanoTime() around the real call (RuleBase.builtIn(), TranslationEngine.apply(...));
 * the objects a call gets are built before its clock starts.
 */
public final class TranslationBenchmark {
    private static final double MIB = 1024.0 * 1024.0;

    private final Options options;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    private record Metric(String name, double value, String unit) {
    }

    /** Command-line options; every one has a default. */
    static final class Options {
        int services = 10_000;
        int ports = 2;
        int endpoints = 10;
        int nodes = 100;
        int changes = 1_000;
        int warmup = 200;
        int serviceOps = 100;
        int podsPerNode = 110;
        int namespaces = 50;
        int coldRuns = 1;
        int prewarmServices;
        boolean pods;
        long seed = 42;
        String tenant = "benchmark";
        Path csv;
        String jfr;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--services" -> o.services = Integer.parseInt(value(args, ++i, a));
                    case "--ports" -> o.ports = Integer.parseInt(value(args, ++i, a));
                    case "--endpoints" -> o.endpoints = Integer.parseInt(value(args, ++i, a));
                    case "--nodes" -> o.nodes = Integer.parseInt(value(args, ++i, a));
                    case "--changes" -> o.changes = Integer.parseInt(value(args, ++i, a));
                    case "--warmup" -> o.warmup = Integer.parseInt(value(args, ++i, a));
                    case "--service-ops" -> o.serviceOps = Integer.parseInt(value(args, ++i, a));
                    case "--pods-per-node" -> o.podsPerNode = Integer.parseInt(value(args, ++i, a));
                    case "--namespaces" -> o.namespaces = Integer.parseInt(value(args, ++i, a));
                    case "--cold-runs" -> o.coldRuns = Integer.parseInt(value(args, ++i, a));
                    case "--prewarm-services" -> o.prewarmServices = Integer.parseInt(value(args, ++i, a));
                    case "--pods" -> o.pods = true;
                    case "--seed" -> o.seed = Long.parseLong(value(args, ++i, a));
                    case "--tenant" -> o.tenant = value(args, ++i, a);
                    case "--csv" -> o.csv = Path.of(value(args, ++i, a));
                    case "--jfr" -> o.jfr = value(args, ++i, a);
                    case "-h", "--help" -> {
                        usage();
                        System.exit(0);
                    }
                    default -> {
                        System.err.println("unknown option: " + a);
                        usage();
                        System.exit(2);
                    }
                }
            }
            if (o.coldRuns < 1) {
                throw new IllegalArgumentException("--cold-runs must be ≥ 1");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        static void usage() {
            System.err.println("""
                    usage: TranslationBenchmark [options]
                      --services N        Services (10000)
                      --ports P           TCP ports per Service (2)
                      --endpoints E       ready endpoints in each Service's one EndpointSlice (10)
                      --nodes K           Nodes (100)
                      --changes C         measured one-endpoint changes (1000)
                      --warmup W          unmeasured one-endpoint changes before them (200)
                      --service-ops S     measured Service additions, then as many deletions (100)
                      --pods              also create one Pod object per pod IP of the pool
                      --pods-per-node M   pod IPs per node the endpoints are drawn from (110, at most 252)
                      --namespaces X      namespaces the Services are spread over (50)
                      --cold-runs R       cold translations, each into a new engine; the last one stays (1)
                      --prewarm-services M  before them, translate a separate M-Service cluster (same shape,
                                          other seed) in a throwaway engine, as a process could at start-up to
                                          get the JIT going; its time is reported apart (0: none)
                      --seed S            random seed (42)
                      --csv PATH          also write one CSV line per metric to PATH
                      --jfr PREFIX        record the last cold apply and the measured endpoint changes with
                                          JFR (profile settings, Java samples every 2 ms) to PREFIX-cold.jfr and \
                    PREFIX-changes.jfr""");
        }
    }

    private TranslationBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        new TranslationBenchmark(options).run();
    }

    private void run() throws IOException {
        Options o = options;
        System.out.printf(Locale.ROOT, "JVM %s %s, %d CPUs, max heap %.0f MiB, GC %s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / MIB, gcNames());

        long t0 = System.nanoTime();
        SyntheticCluster cluster = new SyntheticCluster(o.services, o.ports, o.endpoints, o.nodes, o.podsPerNode,
                o.namespaces, o.pods, o.seed);
        List<HasMetadata> objects = cluster.all();
        System.out.printf(Locale.ROOT, "cluster: %s: %d objects, generated in %.0f ms%n", cluster, objects.size(),
                ms(System.nanoTime() - t0));

        // ---- KieBase ----
        t0 = System.nanoTime();
        KieBase rules = RuleBase.builtIn();
        long buildNanos = System.nanoTime() - t0;
        record("kiebase.build", ms(buildNanos), "ms");
        System.out.printf(Locale.ROOT, "%nKieBase build (RuleBase.builtIn()): %.0f ms%n", ms(buildNanos));

        // ---- optional pre-warm-up in a throwaway engine ----
        if (o.prewarmServices > 0) {
            SyntheticCluster small = new SyntheticCluster(o.prewarmServices, o.ports, o.endpoints, o.nodes, o.podsPerNode,
                    o.namespaces, o.pods, o.seed + 1);
            List<HasMetadata> smallObjects = small.all();
            t0 = System.nanoTime();
            try (TranslationEngine warm = new TranslationEngine(rules, o.tenant)) {
                warm.apply(smallObjects);
                for (int i = 0; i < Math.min(200, o.prewarmServices); i++) {
                    warm.apply(List.of(small.replaceOneEndpoint(small.random().nextInt(o.prewarmServices))));
                }
            }
            long prewarmNanos = System.nanoTime() - t0;
            record("prewarm", ms(prewarmNanos), "ms");
            System.out.printf(Locale.ROOT, "%nPre-warm-up: %d Services (%d objects) and %d endpoint changes in a throwaway"
                    + " engine: %.0f ms%n", o.prewarmServices, smallObjects.size(), Math.min(200, o.prewarmServices),
                    ms(prewarmNanos));
        }

        // ---- cold translation ----
        System.out.printf(Locale.ROOT, "%nCold translation: all %d objects in one apply() on a new engine%n",
                objects.size());
        TranslationEngine engine = null;
        for (int run = 1; run <= o.coldRuns; run++) {
            if (engine != null) {
                engine.close();
                engine = null;
            }
            long heapBefore = settledHeapUsed();
            GcSnapshot gcBefore = GcSnapshot.now();
            t0 = System.nanoTime();
            engine = new TranslationEngine(rules, o.tenant);
            long sessionNanos = System.nanoTime() - t0;
            Profiler profiler = Profiler.start(run == o.coldRuns ? o.jfr : null, "cold");
            double loadBefore = loadAverage();
            Map<String, Long> threadsBefore = ThreadCpu.snapshot();
            long cpu0 = threadCpuNanos();
            long processCpu0 = processCpuNanos();
            t0 = System.nanoTime();
            ChangeSet initial = engine.apply(objects);
            long coldNanos = System.nanoTime() - t0;
            long coldCpu = threadCpuNanos() - cpu0;
            long coldProcessCpu = processCpuNanos() - processCpu0;
            GcSnapshot gc = GcSnapshot.now().minus(gcBefore);
            List<String> threadCpu = ThreadCpu.delta(threadsBefore, ThreadCpu.snapshot());
            double loadAfter = loadAverage();
            profiler.stop();
            int changedTranslations = initial.changes().size();
            long addedResources = initial.changes().stream().mapToLong(c -> c.added().size()).sum();
            int problems = initial.problems().size();
            initial = null; // the caller consumes the change set and drops it: not part of the engine's heap
            long heapAfter = settledHeapUsed();
            long facts = engine.factCount();
            t0 = System.nanoTime();
            int translations = engine.translations().size();
            long listNanos = System.nanoTime() - t0;
            double retained = (heapAfter - heapBefore) / MIB;

            String p = o.coldRuns == 1 ? "cold." : "cold.run" + run + ".";
            record(p + "new_engine", ms(sessionNanos), "ms");
            record(p + "apply", ms(coldNanos), "ms");
            record(p + "apply.thread_cpu", ms(coldCpu), "ms");
            record(p + "apply.process_cpu", ms(coldProcessCpu), "ms");
            record(p + "apply.load_average", Math.max(loadBefore, loadAfter), "load");
            record(p + "apply.gc_count", gc.count, "count");
            record(p + "apply.gc_time", gc.millis, "ms");
            record(p + "retained_heap", retained, "MiB");
            record(p + "translations", translations, "count");
            record(p + "facts", facts, "count");
            record(p + "resources_added", addedResources, "count");
            record(p + "problems", problems, "count");
            System.out.printf(Locale.ROOT, "  run %d: new engine %.1f ms; apply %.0f ms (CPU: main thread %.0f ms, whole JVM"
                    + " %.0f ms; GC inside: %d collections, %d ms; system load average %.2f → %.2f)%n", run,
                    ms(sessionNanos), ms(coldNanos), ms(coldCpu), ms(coldProcessCpu), gc.count, gc.millis, loadBefore,
                    loadAfter);
            if (!threadCpu.isEmpty()) {
                System.out.println("         CPU by thread: " + String.join(", ", threadCpu));
            }
            System.out.printf(Locale.ROOT, "         retained heap %.1f MiB (%.0f bytes/fact); %d Translations (%d in the"
                    + " change set, listed in %.0f ms), %d facts, %d resources added, %d problems%n",
                    retained, facts == 0 ? 0.0 : (heapAfter - heapBefore) / (double) facts, translations,
                    changedTranslations, ms(listNanos), facts, addedResources, problems);
        }

        // ---- incremental: one endpoint replaced in one slice ----
        System.out.printf(Locale.ROOT, "%nIncremental: replace one endpoint IP of a random EndpointSlice, apply that slice"
                + " (%d warm-up, %d measured)%n", o.warmup, o.changes);
        int baseServices = cluster.serviceCount();
        for (int i = 0; i < o.warmup; i++) {
            EndpointSlice slice = cluster.replaceOneEndpoint(cluster.random().nextInt(baseServices));
            engine.apply(List.of(slice));
        }
        long[] lat = new long[o.changes];
        long resourcesTouched = 0;
        int emptyChanges = 0;
        GcSnapshot gcBefore = GcSnapshot.now();
        Profiler profiler = Profiler.start(o.jfr, "changes");
        for (int i = 0; i < o.changes; i++) {
            EndpointSlice slice = cluster.replaceOneEndpoint(cluster.random().nextInt(baseServices));
            List<HasMetadata> batch = List.of(slice);
            long start = System.nanoTime();
            ChangeSet cs = engine.apply(batch);
            lat[i] = System.nanoTime() - start;
            resourcesTouched += cs.changes().stream().mapToLong(c -> c.added().size() + c.removed().size()).sum();
            if (cs.isEmpty()) {
                emptyChanges++;
            }
        }
        GcSnapshot gc = GcSnapshot.now().minus(gcBefore);
        profiler.stop();
        record("endpoint_change.load_average", loadAverage(), "load");
        report("endpoint_change", lat, gc);
        System.out.printf(Locale.ROOT, "  %.1f resources added+removed per change on average; %d changes had an empty"
                + " change set; system load average %.2f%n", o.changes == 0 ? 0.0 : resourcesTouched / (double) o.changes,
                emptyChanges, loadAverage());

        // ---- Service add / delete ----
        System.out.printf(Locale.ROOT, "%nService add: one apply() of a new Service and its EndpointSlice (%d endpoints);"
                + " Service delete: one apply() deleting both by reference (%d each)%n", o.endpoints, o.serviceOps);
        long[] adds = new long[o.serviceOps];
        gcBefore = GcSnapshot.now();
        for (int i = 0; i < o.serviceOps; i++) {
            List<HasMetadata> batch = cluster.addService();
            long start = System.nanoTime();
            ChangeSet cs = engine.apply(batch);
            adds[i] = System.nanoTime() - start;
            check(!cs.isEmpty(), "a Service addition changed nothing");
        }
        report("service_add", adds, GcSnapshot.now().minus(gcBefore));
        long[] deletes = new long[o.serviceOps];
        gcBefore = GcSnapshot.now();
        for (int i = 0; i < o.serviceOps; i++) {
            List<ObjectRef> refs = cluster.removeLastService().stream().map(FactMapper::refOf).toList();
            long start = System.nanoTime();
            ChangeSet cs = engine.apply(List.of(), refs);
            deletes[i] = System.nanoTime() - start;
            check(!cs.isEmpty() && cs.changes().stream().allMatch(ChangeSet.Change::deleted),
                    "a Service deletion did not delete its Translations");
        }
        report("service_delete", deletes, GcSnapshot.now().minus(gcBefore));
        record("final.facts", engine.factCount(), "count");
        engine.close();

        summary();
        if (o.csv != null) {
            writeCsv(o.csv);
            System.out.println("CSV written to " + o.csv);
        }
    }

    private void summary() {
        double cold = metrics.containsKey("cold.apply") ? metrics.get("cold.apply").value
                : metrics.get("cold.run1.apply").value;
        double heap = metrics.containsKey("cold.retained_heap") ? metrics.get("cold.retained_heap").value
                : metrics.get("cold.run1.retained_heap").value;
        double p99 = metrics.containsKey("endpoint_change.p99") ? metrics.get("endpoint_change.p99").value : Double.NaN;
        System.out.printf(Locale.ROOT, "%nGoals (first cold run):%n");
        System.out.printf(Locale.ROOT, "  cold translation  %8.0f ms   goal ≤ 2000 ms  %s%n", cold,
                cold <= 2000 ? "MET" : "MISSED");
        System.out.printf(Locale.ROOT, "  retained heap     %8.1f MiB  goal ≤ 512 MiB  %s%n", heap,
                heap <= 512 ? "MET" : "MISSED");
        System.out.printf(Locale.ROOT, "  one-endpoint p99  %8.2f ms   goal ≤ 10 ms    %s%n", p99,
                Double.isNaN(p99) ? "not measured" : p99 <= 10 ? "MET" : "MISSED");
    }

    private void report(String name, long[] nanos, GcSnapshot gc) {
        if (nanos.length == 0) {
            return;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        record(name + ".p50", ms(percentile(sorted, 0.50)), "ms");
        record(name + ".p90", ms(percentile(sorted, 0.90)), "ms");
        record(name + ".p99", ms(percentile(sorted, 0.99)), "ms");
        record(name + ".max", ms(sorted[sorted.length - 1]), "ms");
        record(name + ".mean", ms((long) mean), "ms");
        record(name + ".gc_count", gc.count, "count");
        record(name + ".gc_time", gc.millis, "ms");
        System.out.printf(Locale.ROOT, "  %-15s n=%d  p50 %.3f  p90 %.3f  p99 %.3f  max %.3f  mean %.3f ms"
                + "  (GC during the loop: %d collections, %d ms)%n", name, sorted.length,
                ms(percentile(sorted, 0.50)), ms(percentile(sorted, 0.90)), ms(percentile(sorted, 0.99)),
                ms(sorted[sorted.length - 1]), ms((long) mean), gc.count, gc.millis);
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private void record(String name, double value, String unit) {
        metrics.put(name, new Metric(name, value, unit));
    }

    private void writeCsv(Path path) throws IOException {
        Options o = options;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8))) {
            out.println("services,ports,endpoints,nodes,pods,changes,metric,value,unit");
            for (Metric m : metrics.values()) {
                out.printf(Locale.ROOT, "%d,%d,%d,%d,%b,%d,%s,%s,%s%n", o.services, o.ports, o.endpoints, o.nodes,
                        o.pods, o.changes, m.name, format(m.value), m.unit);
            }
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v);
    }

    /** Heap used after several full collections, once it stops shrinking. */
    private long settledHeapUsed() {
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = memory.getHeapMemoryUsage().getUsed();
            if (i >= 2 && previous - used < 256 * 1024) {
                break;
            }
            previous = used;
        }
        return used;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static long threadCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    }

    /** CPU time of the whole JVM (JIT compilers and GC threads included), or 0 when unknown. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** The system's 1-minute load average: other processes on the machine skew every time measured here. */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String gcNames() {
        List<String> names = new ArrayList<>();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(b -> names.add(b.getName()));
        return String.join(", ", names);
    }

    /** A JFR recording (profile settings) of one phase, when asked for; its start and dump are not timed. */
    private static final class Profiler {
        private final Recording recording;
        private final Path file;

        private Profiler(Recording recording, Path file) {
            this.recording = recording;
            this.file = file;
        }

        static Profiler start(String prefix, String phase) {
            if (prefix == null) {
                return new Profiler(null, null);
            }
            try {
                Recording r = new Recording(Configuration.getConfiguration("profile"));
                r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2));
                r.start();
                return new Profiler(r, Path.of(prefix + "-" + phase + ".jfr"));
            } catch (IOException | ParseException e) {
                throw new IllegalStateException("cannot start JFR: " + e, e);
            }
        }

        void stop() {
            if (recording == null) {
                return;
            }
            try {
                recording.stop();
                recording.dump(file);
                recording.close();
                System.out.println("  JFR recording written to " + file);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + file + ": " + e, e);
            }
        }
    }

    private record GcSnapshot(long count, long millis) {
        static GcSnapshot now() {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, b.getCollectionCount());
                millis += Math.max(0, b.getCollectionTime());
            }
            return new GcSnapshot(count, millis);
        }

        GcSnapshot minus(GcSnapshot o) {
            return new GcSnapshot(count - o.count, millis - o.millis);
        }
    }
}

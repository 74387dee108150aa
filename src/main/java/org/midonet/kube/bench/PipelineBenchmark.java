package org.midonet.kube.bench;

import com.sun.management.OperatingSystemMXBean;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Counter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.kie.api.KieBase;
import org.midonet.kube.controller.pusher.DriftRepair;
import org.midonet.kube.controller.pusher.Pusher;
import org.midonet.kube.controller.translation.TranslationController;
import org.midonet.kube.facts.FactMapper;
import org.midonet.kube.k8s.TranslationRecords;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.ResourceKind;
import org.midonet.kube.sim.SimState;
import org.midonet.kube.sim.SimStats;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/**
 * One benchmark run on one cluster shape, in this JVM: the scenarios of issue 7 against the real pipeline
 * ({@link BenchPipeline}), with a shadow {@link TranslationEngine} that translates every change too, to know
 * what MidoNet must end up holding (when a change is acknowledged) and the minimum writes it needs.
 *
 * <ol>
 *   <li>cold translation: one engine apply of the whole cluster, time and heap retained (after GC);</li>
 *   <li>cold start on an empty MidoNet: the objects created in the fake API server, then the controllers
 *       started; time until the Translations are written and until MidoNet holds all of them, MidoNet calls
 *       and writes against the minimum;</li>
 *   <li>single-endpoint changes, one at a time: from the EndpointSlice update sent to the API server until the
 *       emulator holds the new rule and no longer the old (network programming latency, polled every 0.2 ms);</li>
 *   <li>a Service (and its slice) added, then deleted: until MidoNet holds, then no longer holds, its objects;</li>
 *   <li>a restart with nothing changed: controllers stopped and started again; time until ready (translation
 *       synced, every Translation known pushed) and the MidoNet writes it made (goal: none).</li>
 * </ol>
 */
final class PipelineBenchmark {
    private static final double MIB = 1024.0 * 1024.0;
    private static final long POLL_NANOS = 200_000;

    /** What to run. */
    record Options(BenchShape shape, boolean withPods, long latencyMillis, Workload workload, String tenant, Duration timeout,
            boolean original, int loadThreads) {
    }

    private final Options o;
    private final Progress progress;
    private final BenchResult r;

    private PipelineBenchmark(Options options, Progress progress) {
        this.o = options;
        this.progress = progress;
        this.r = new BenchResult(options.shape(), options.latencyMillis());
    }

    static BenchResult run(Options options, Progress progress) throws Exception {
        return new PipelineBenchmark(options, progress).run();
    }

    private BenchResult run() throws Exception {
        r.put("load_average.start", loadAverage(), "load");
        progress.line("%s, %s Pods, MidoNet latency %d ms", o.shape().label(), o.withPods() ? "with" : "without",
                o.latencyMillis());
        long t = System.nanoTime();
        KieBase rules = RuleBase.builtIn();
        r.put("rules.compile_ms", ms(System.nanoTime() - t), "ms");

        SyntheticCluster cluster = o.shape().cluster(o.withPods());
        List<HasMetadata> all = cluster.all();
        r.put("kubernetes_objects", all.size(), "count");
        long heapBefore = settledHeapUsed();
        TranslationEngine shadow = new TranslationEngine(rules, o.tenant());
        try {
            t = System.nanoTime();
            shadow.apply(all);
            long cold = System.nanoTime() - t;
            r.put("cold_translation.ms", ms(cold), "ms");
            r.put("cold_translation.heap_mib", (settledHeapUsed() - heapBefore) / MIB, "MiB");
            r.put("load_average.cold_translation", loadAverage(), "load");
            SortedMap<TranslationId, List<MidonetResource>> translations = shadow.translations();
            ChangeCost coldCost = ChangeCost.cold(translations);
            r.put("translations", translations.size(), "count");
            r.put("midonet_objects", coldCost.minimumWrites(), "count");
            largestTranslation(translations);
            progress.line("cold translation: %.0f ms, %.1f MiB retained; %,d Translations, %,d MidoNet objects, largest"
                    + " Translation %,.0f resources / %,.0f bytes", ms(cold), r.value("cold_translation.heap_mib"),
                    translations.size(), coldCost.minimumWrites(), r.value("largest_translation.resources"),
                    r.value("largest_translation.bytes"));
            int expected = translations.size();
            translations = null;
            try (BenchPipeline pipeline = BenchPipeline.start(cluster.nodes(), o.latencyMillis(), rules, o.tenant())) {
                load(pipeline, all);
                coldStart(pipeline, expected, coldCost);
                endpointChanges(pipeline, shadow, cluster);
                serviceChurn(pipeline, shadow, cluster);
                restart(pipeline, shadow.translations().size());
                resync(pipeline, expected);
                r.put("process.heap_mib", settledHeapUsed() / MIB, "MiB");
            }
        } finally {
            shadow.close();
        }
        if (o.original()) { // last: its translation would warm up the JIT for ours
            OriginalScheme.measure(o.shape(), o.withPods(), o.workload(), o.tenant(), r, progress);
        }
        r.put("load_average.end", loadAverage(), "load");
        return r;
    }

    private void largestTranslation(SortedMap<TranslationId, List<MidonetResource>> translations) {
        long bytes = 0;
        int resources = 0;
        for (Map.Entry<TranslationId, List<MidonetResource>> e : translations.entrySet()) {
            resources = Math.max(resources, e.getValue().size());
            bytes = Math.max(bytes, Serialization.asJson(TranslationRecords.of(e.getKey(), e.getValue())).length());
        }
        r.put("largest_translation.resources", resources, "count");
        r.put("largest_translation.bytes", bytes, "bytes");
    }

    private void load(BenchPipeline pipeline, List<HasMetadata> all) throws InterruptedException {
        progress.line("creating %,d objects in the fake Kubernetes API server", all.size());
        long t = System.nanoTime();
        int every = Math.max(1000, all.size() / 10);
        pipeline.load(all, o.loadThreads(), every, n -> progress.line("  %,d / %,d objects created", n, all.size()));
        r.put("setup.load_seconds", (System.nanoTime() - t) / 1e9, "s");
        progress.line("objects created in %.1f s", (System.nanoTime() - t) / 1e9);
    }

    private void coldStart(BenchPipeline pipeline, int expected, ChangeCost minimum) throws InterruptedException {
        pipeline.sim().resetStats();
        progress.line("cold start: controllers started against an empty MidoNet (%,d Translations to write and push)", expected);
        Map<String, Long> threadsBefore = ThreadCpu.snapshot();
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        pipeline.startControllers(BenchPipeline.ALL_BUT_ANNOTATOR);
        r.put("cold_start.pusher_listed_s", (System.nanoTime() - start) / 1e9, "s");
        TranslationController translation = pipeline.controllers().translation();
        Pusher pusher = pipeline.controllers().pusher();
        long deadline = start + o.timeout().toNanos();
        long synced = 0;
        long nextReport = start + 5_000_000_000L;
        boolean complete = false;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            if (synced == 0 && translation.hasSynced()) {
                synced = now;
                progress.line("  Translations written after %.1f s", (now - start) / 1e9);
            }
            Pusher.Counts counts = pusher.counts();
            if (synced != 0 && counts.pushed() >= expected && counts.pending() == 0 && counts.failed() == 0) {
                complete = true;
                break;
            }
            if (now >= nextReport) {
                progress.line("  %,d / %,d Translations pushed (%,d failed), %,d MidoNet writes", counts.pushed(), expected,
                        counts.failed(), pipeline.sim().stats().writes());
                nextReport = now + 5_000_000_000L;
            }
            Thread.sleep(100);
        }
        long took = System.nanoTime() - start;
        double cores = (processCpuNanos() - cpuBefore) / (double) took;
        Map<String, Long> threadsAfter = ThreadCpu.snapshot();
        List<String> byThread = ThreadCpu.delta(threadsBefore, threadsAfter);
        Map<String, Double> byComponent = cpuByComponent(threadsBefore, threadsAfter);
        byComponent.forEach((component, seconds) -> r.put("cold_apply.cpu_s." + component, seconds, "s"));
        SimStats stats = pipeline.sim().stats();
        r.put("cold_start.complete", complete ? 1 : 0, "boolean");
        r.put("cold_apply.cpu_cores", cores, "cores");
        r.put("cold_start.translations_written_s", synced == 0 ? Double.NaN : (synced - start) / 1e9, "s");
        r.put("cold_apply.seconds", took / 1e9, "s");
        r.put("cold_apply.midonet_calls", stats.requests(), "calls");
        r.put("cold_apply.calls_per_second", stats.requests() / (took / 1e9), "calls/s");
        r.put("cold_apply.midonet_write_requests", stats.writeRequests(), "calls");
        r.put("cold_apply.midonet_writes", stats.writes(), "writes");
        r.put("cold_apply.minimum_writes", minimum.minimumWrites(), "writes");
        r.put("cold_apply.translation_writes", translationWrites(pipeline), "writes");
        r.put("load_average.cold_apply", loadAverage(), "load");
        progress.line("cold apply %s in %.1f s: %,d MidoNet calls (%.0f/s), %,d writes (minimum %,d)",
                complete ? "done" : "NOT complete", took / 1e9, stats.requests(), stats.requests() / (took / 1e9), stats.writes(),
                minimum.minimumWrites());
        progress.line("  CPU: %.2f cores on average; by component (s): %s; by thread: %s", cores, byComponent,
                String.join(", ", byThread.subList(0, Math.min(8, byThread.size()))));
        awaitQuiet(pipeline);
    }

    private void endpointChanges(BenchPipeline pipeline, TranslationEngine shadow, SyntheticCluster cluster)
            throws InterruptedException {
        Workload w = o.workload();
        progress.line("single-endpoint changes: %d warm-up, %d measured, one at a time", w.warmup(), w.changes());
        long[] latencies = new long[w.changes()];
        ChangeCost cost = ChangeCost.NONE;
        SimStats before = null;
        int missed = 0;
        for (int i = 0; i < w.warmup() + w.changes(); i++) {
            if (i == w.warmup()) {
                before = pipeline.sim().stats();
            }
            EndpointSlice slice = w.endpointChange(cluster);
            ChangeSet changes = shadow.apply(List.of(slice));
            Expectation expected = Expectation.of(changes);
            long start = System.nanoTime();
            pipeline.kube().resource(BenchPipeline.withoutVersion(slice)).update();
            boolean seen = expected.await(pipeline.sim().state(), start + o.timeout().toNanos());
            long took = System.nanoTime() - start;
            if (i >= w.warmup()) {
                latencies[i - w.warmup()] = took;
                cost = cost.plus(ChangeCost.of(changes));
                missed += seen ? 0 : 1;
            }
            awaitQuiet(pipeline);
            if ((i + 1) % 50 == 0) {
                progress.line("  %d / %d changes", i + 1, w.warmup() + w.changes());
            }
        }
        r.latencies("endpoint_change", latencies);
        writes("endpoint_change", pipeline, before, cost, w.changes());
        r.put("endpoint_change.timed_out", missed, "count");
        r.put("load_average.endpoint_change", loadAverage(), "load");
        progress.line("endpoint change: p50 %.1f ms, p99 %.1f ms, max %.1f ms; %.2f MidoNet writes per change (minimum %.2f)",
                r.value("endpoint_change.p50_ms"), r.value("endpoint_change.p99_ms"), r.value("endpoint_change.max_ms"),
                r.value("endpoint_change.midonet_writes"), r.value("endpoint_change.minimum_writes"));
    }

    private void serviceChurn(BenchPipeline pipeline, TranslationEngine shadow, SyntheticCluster cluster)
            throws InterruptedException {
        Workload w = o.workload();
        if (w.serviceOps() == 0) {
            return;
        }
        progress.line("Service add and delete, %d times each", w.serviceOps());
        long[] adds = new long[w.serviceOps()];
        long[] deletes = new long[w.serviceOps()];
        ChangeCost addCost = ChangeCost.NONE;
        ChangeCost deleteCost = ChangeCost.NONE;
        long addWrites = 0;
        long addCalls = 0;
        long deleteWrites = 0;
        long deleteCalls = 0;
        for (int i = 0; i < w.serviceOps(); i++) {
            List<HasMetadata> added = w.addService(cluster);
            ChangeSet changes = shadow.apply(added);
            addCost = addCost.plus(ChangeCost.of(changes));
            Expectation expected = Expectation.of(changes);
            SimStats before = pipeline.sim().stats();
            long start = System.nanoTime();
            for (HasMetadata object : added) {
                pipeline.kube().resource(BenchPipeline.withoutVersion(object)).create();
            }
            expected.await(pipeline.sim().state(), start + o.timeout().toNanos());
            adds[i] = System.nanoTime() - start;
            awaitQuiet(pipeline);
            SimStats after = pipeline.sim().stats();
            addWrites += after.writes() - before.writes();
            addCalls += after.requests() - before.requests();

            List<HasMetadata> removed = w.removeService(cluster);
            changes = shadow.apply(List.of(), removed.stream().map(FactMapper::refOf).toList());
            deleteCost = deleteCost.plus(ChangeCost.of(changes));
            expected = Expectation.of(changes);
            before = after;
            start = System.nanoTime();
            for (int k = removed.size() - 1; k >= 0; k--) { // the slice first, as the endpoint controller would
                pipeline.kube().resource(removed.get(k)).delete();
            }
            expected.await(pipeline.sim().state(), start + o.timeout().toNanos());
            deletes[i] = System.nanoTime() - start;
            awaitQuiet(pipeline);
            after = pipeline.sim().stats();
            deleteWrites += after.writes() - before.writes();
            deleteCalls += after.requests() - before.requests();
        }
        int n = w.serviceOps();
        r.latencies("service_add", adds);
        r.put("service_add.midonet_writes", addWrites / (double) n, "per change");
        r.put("service_add.midonet_calls", addCalls / (double) n, "per change");
        costs("service_add", addCost, n);
        r.latencies("service_delete", deletes);
        r.put("service_delete.midonet_writes", deleteWrites / (double) n, "per change");
        r.put("service_delete.midonet_calls", deleteCalls / (double) n, "per change");
        costs("service_delete", deleteCost, n);
        progress.line("Service add: p50 %.1f ms, p99 %.1f ms; delete: p50 %.1f ms, p99 %.1f ms", r.value("service_add.p50_ms"),
                r.value("service_add.p99_ms"), r.value("service_delete.p50_ms"), r.value("service_delete.p99_ms"));
    }

    private void restart(BenchPipeline pipeline, int expected) throws InterruptedException {
        progress.line("restart with nothing changed: controllers stopped and started again");
        pipeline.stopControllers();
        pipeline.sim().resetStats();
        long start = System.nanoTime();
        pipeline.startControllers(BenchPipeline.ALL_BUT_ANNOTATOR);
        TranslationController translation = pipeline.controllers().translation();
        Pusher pusher = pipeline.controllers().pusher();
        long deadline = start + o.timeout().toNanos();
        boolean ready = false;
        while (System.nanoTime() < deadline) {
            Pusher.Counts counts = pusher.counts();
            if (translation.hasSynced() && counts.pushed() >= expected && counts.pending() == 0 && pusher.idle()) {
                ready = true;
                break;
            }
            Thread.sleep(50);
        }
        long took = System.nanoTime() - start;
        Thread.sleep(2000); // anything the restart would still write shows up here
        awaitQuiet(pipeline);
        SimStats stats = pipeline.sim().stats();
        r.put("restart.ready", ready ? 1 : 0, "boolean");
        r.put("restart.ready_seconds", took / 1e9, "s");
        r.put("restart.midonet_calls", stats.requests(), "calls");
        r.put("restart.midonet_writes", stats.writes(), "writes");
        r.put("restart.minimum_writes", 0, "writes");
        r.put("restart.translation_writes", translationWrites(pipeline), "writes");
        progress.line("restart: ready in %.1f s, %,d MidoNet calls, %,d writes, %,.0f Translation writes", took / 1e9,
                stats.requests(), stats.writes(), r.value("restart.translation_writes"));
    }

    /** One resync of the whole cluster with nothing drifted: its time, its MidoNet calls (reads), and no write. */
    private void resync(BenchPipeline pipeline, int expected) throws InterruptedException {
        awaitQuiet(pipeline);
        pipeline.sim().resetStats();
        long start = System.nanoTime();
        DriftRepair.Report report = pipeline.controllers().pusher().resync();
        long took = System.nanoTime() - start;
        SimStats stats = pipeline.sim().stats();
        r.put("resync.seconds", took / 1e9, "s");
        r.put("resync.midonet_calls", stats.requests(), "calls");
        r.put("resync.midonet_writes", stats.writes(), "writes");
        r.put("resync.checked", report.checked(), "count");
        progress.line("resync with nothing drifted: %,d of %,d Translations checked in %.1f s, %,d MidoNet calls, %,d writes",
                report.checked(), expected, took / 1e9, stats.requests(), stats.writes());
    }

    /** MidoNet writes and calls of a scenario, per change, beside the minimum and the Translation writes. */
    private void writes(String prefix, BenchPipeline pipeline, SimStats before, ChangeCost cost, int n) {
        if (n == 0 || before == null) {
            return;
        }
        SimStats after = pipeline.sim().stats();
        r.put(prefix + ".midonet_writes", (after.writes() - before.writes()) / (double) n, "per change");
        r.put(prefix + ".midonet_calls", (after.requests() - before.requests()) / (double) n, "per change");
        costs(prefix, cost, n);
    }

    private void costs(String prefix, ChangeCost cost, int n) {
        r.put(prefix + ".minimum_writes", cost.minimumWrites() / (double) n, "per change");
        r.put(prefix + ".translation_writes", cost.translationWrites() / (double) n, "per change");
        r.put(prefix + ".translations_changed", cost.translationsChanged() / (double) n, "per change");
    }

    /** Waits until neither controller has work queued or in progress (twice in a row, 20 ms apart). */
    private void awaitQuiet(BenchPipeline pipeline) throws InterruptedException {
        long deadline = System.nanoTime() + o.timeout().toNanos();
        int quiet = 0;
        while (quiet < 2 && System.nanoTime() < deadline) {
            Pusher pusher = pipeline.controllers().pusher();
            boolean idle = pipeline.controllers().translation().queueDepth() == 0 && pusher.idle()
                    && pusher.counts().pending() == 0;
            quiet = idle ? quiet + 1 : 0;
            Thread.sleep(20);
        }
    }

    /** Translations written by the translation controller since its start (created, updated, deleted). */
    private static double translationWrites(BenchPipeline pipeline) {
        return pipeline.registry().find("midonet_kube_controllers.translation.writes").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Heap used after full collections, once it stops shrinking. */
    static long settledHeapUsed() {
        var memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < 5; i++) {
            System.gc();
            LockSupport.parkNanos(50_000_000L);
            used = memory.getHeapMemoryUsage().getUsed();
            if (i >= 2 && previous - used < 256 * 1024) {
                break;
            }
            previous = used;
        }
        return used;
    }

    /**
     * CPU seconds between two {@link ThreadCpu} snapshots by component, from thread names: the fake API server
     * (vert.x), the MidoNet emulator, the JVM itself (JIT compilers, GC) and the rest, the controllers (pusher,
     * translation, their HTTP clients and informers) with this benchmark's own thread.
     */
    static Map<String, Double> cpuByComponent(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((name, ms) -> {
            long delta = ms - before.getOrDefault(name, 0L);
            String component = name.startsWith("vert.x") ? "api_server" : name.startsWith("midonet-sim") ? "emulator"
                    : name.contains("Compiler") || name.startsWith("GC ") || name.startsWith("G1 ") || name.startsWith("VM ")
                    ? "jvm" : "controllers";
            out.merge(component, delta / 1000.0, Double::sum);
        });
        return out;
    }

    /** CPU time of the whole JVM (JIT and GC included), or 0 when unknown. */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** What the emulator must hold (and no longer hold) once a change is applied: objects with an id. */
    record Expectation(List<MidonetResource> present, List<MidonetResource> absent) {
        private static final Set<ResourceKind> WITH_ID = EnumSet.of(ResourceKind.TUNNEL_ZONE,
                ResourceKind.CHAIN, ResourceKind.ROUTER, ResourceKind.BRIDGE, ResourceKind.PORT, ResourceKind.ROUTE,
                ResourceKind.RULE);

        static Expectation of(ChangeSet changes) {
            List<MidonetResource> present = new ArrayList<>();
            List<MidonetResource> absent = new ArrayList<>();
            Set<String> added = new HashSet<>();
            for (MidonetResource r : changes.added()) {
                if (WITH_ID.contains(r.kind())) {
                    present.add(r);
                    added.add(r.kind() + " " + r.key());
                }
            }
            for (MidonetResource r : changes.removed()) {
                if (WITH_ID.contains(r.kind()) && !added.contains(r.kind() + " " + r.key())) {
                    absent.add(r);
                }
            }
            return new Expectation(present, absent);
        }

        /** Polls the emulator (whenever its state changed) until it holds what is expected; false at the deadline. */
        boolean await(SimState state, long deadline) {
            long seenVersion = -1;
            while (System.nanoTime() < deadline) {
                long version = state.version();
                if (version != seenVersion) {
                    seenVersion = version;
                    if (holds(state)) {
                        return true;
                    }
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            return false;
        }

        private boolean holds(SimState state) {
            for (MidonetResource r : present) {
                if (!state.has(r.kind(), UUID.fromString(r.key()))) {
                    return false;
                }
            }
            for (MidonetResource r : absent) {
                if (state.has(r.kind(), UUID.fromString(r.key()))) {
                    return false;
                }
            }
            return true;
        }
    }
}

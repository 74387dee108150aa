package org.midonet.kube.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.midonet.kube.bench.BenchRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The scale benchmark of the whole pipeline (issue 7): a synthetic cluster through the real controllers. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark the whole pipeline in one process: a synthetic cluster (N Services × P ports × E endpoints,",
            "K nodes with pods) in a fake Kubernetes API server, the real controllers, and the MidoNet emulator with a",
            "per-call latency. Reports cold translation, cold apply, programming latency of single-endpoint changes and",
            "of Service add/delete, an unchanged restart, MidoNet writes against the minimum, and the original",
            "midonet-kubernetes' scheme on the same shapes. Progress on standard error, results on standard output."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every run completed", "1:a run did not complete (timed out, or failed)", "2:bad command line"})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--services", paramLabel = "N", defaultValue = "1000", description = "Services. Default: ${DEFAULT-VALUE}.")
    int services;

    @Option(names = "--ports", paramLabel = "P", defaultValue = "2",
            description = "Ports per Service. Default: ${DEFAULT-VALUE}.")
    int ports;

    @Option(names = "--endpoints", paramLabel = "E", defaultValue = "10",
            description = "Ready endpoints per Service. Default: ${DEFAULT-VALUE}.")
    int endpoints;

    @Option(names = "--nodes", paramLabel = "K", defaultValue = "100", description = "Nodes. Default: ${DEFAULT-VALUE}.")
    int nodes;

    @Option(names = "--pods-per-node", paramLabel = "N", defaultValue = "110",
            description = "Pods per node, the pool endpoints are drawn from. Default: ${DEFAULT-VALUE}.")
    int podsPerNode;

    @Option(names = "--no-pods", negatable = false,
            description = "Leave the Pod objects out (endpoints still point at pod addresses).")
    boolean noPods;

    @Option(names = "--namespaces", paramLabel = "N", defaultValue = "50", description = "Namespaces. Default: ${DEFAULT-VALUE}.")
    int namespaces;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--scales", paramLabel = "N[xE]", split = ",",
            description = {"Run several shapes instead of --services: N Services (with --endpoints), or NxE for N Services",
                "of E endpoints, e.g. 100,1000,10000,1x1000. Each runs in a fresh JVM."})
    List<String> scales;

    @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "2",
            description = "Latency the emulator adds to every MidoNet call. Default: ${DEFAULT-VALUE}.")
    long latencyMillis;

    @Option(names = "--changes", paramLabel = "N", defaultValue = "200",
            description = "Single-endpoint changes measured. Default: ${DEFAULT-VALUE}.")
    int changes;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20",
            description = "Single-endpoint changes made before those measured. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--service-ops", paramLabel = "N", defaultValue = "20",
            description = "Services added and deleted again, one at a time. Default: ${DEFAULT-VALUE}.")
    int serviceOps;

    @Option(names = "--no-original", negatable = false, description = "Skip the original scheme's counts.")
    boolean noOriginal;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write bench.csv, bench.md (tables) and bench.svg (plot) into this directory.")
    Path out;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "Longest wait for one phase (ISO-8601). Default: 5 min.")
    Duration timeout;

    @Option(names = "--in-process", negatable = false,
            description = "With --scales, run every shape in this JVM (faster; later shapes run on a warmed-up JVM).")
    boolean inProcess;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "error",
            description = "The controllers' log level. Default: ${DEFAULT-VALUE}.")
    String logLevel;

    @Option(names = "--csv-to", paramLabel = "FILE", hidden = true, description = "Write only the CSV, to FILE (forked runs).")
    Path csvTo;

    @Override
    public Integer call() throws Exception {
        Logging.level(logLevel);
        BenchRunner.Settings settings = new BenchRunner.Settings(services, ports, endpoints, nodes, podsPerNode, !noPods,
                namespaces, seed, scales == null ? List.of() : scales, latencyMillis, changes, warmup, serviceOps, !noOriginal,
                out, timeout, inProcess, csvTo);
        return BenchRunner.run(settings, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}

package org.midonet.kube.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.kie.api.KieBase;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.controller.ControllerSet;
import org.midonet.kube.controller.ops.OpsServer;
import org.midonet.kube.controller.pusher.PusherOptions;
import org.midonet.kube.demo.FakeApiServer;
import org.midonet.kube.k8s.ContentHash;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationStatus;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.trace.OfflineNetwork;
import org.midonet.kube.translate.TranslationEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole system on one machine: a fake Kubernetes API server and the MidoNet emulator, both over HTTP,
 * the real controllers between them, and the sample cluster loaded.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the controllers against an in-process Kubernetes API and MidoNet emulator loaded with the",
            "sample cluster, wait until MidoNet holds every Translation, print a summary, then keep running for",
            "exploration (kubectl, curl) until interrupted, or exit with --once."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:converged (and stopped)", "1:did not converge in time, or could not start", "2:bad command line",
            "3:the rules do not compile"})
public final class DemoCommand implements Callable<Integer> {
    private static final List<String> SAMPLE_FILES = List.of("nodes.yaml", "pods.yaml", "services.yaml");
    /** The samples' cluster CIDR (their Nodes' pod CIDRs are 10.1.N.0/24), as in midonet-kube-config.template.yaml. */
    static final Cidr SAMPLES_CLUSTER_CIDR = Cidr.parse("10.1.0.0/16");

    @Spec
    CommandSpec spec;

    @Mixin
    TranslationOptions translation;

    @Option(names = "--once", description = "Exit once converged.")
    boolean once;

    @Option(names = {"-f", "--filename"}, paramLabel = "PATH",
            description = "Manifests to load instead of the built-in samples (files, directories, -).")
    List<String> paths;

    @Option(names = "--kube-port", paramLabel = "PORT", defaultValue = "18080",
            description = "Port of the fake Kubernetes API (0: any free one). Default: ${DEFAULT-VALUE}.")
    int kubePort;

    @Option(names = "--midonet-port", paramLabel = "PORT", defaultValue = "18181",
            description = "Port of the MidoNet emulator (0: any free one). Default: ${DEFAULT-VALUE}.")
    int midonetPort;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "19453",
            description = "Port of the controllers' /metrics, /healthz, /readyz (0: any free one). Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--debug-endpoints", defaultValue = "false",
            description = "Also serve /debug/threads and /debug/heap on the metrics port. Default: off.")
    boolean debugEndpoints;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT2M",
            description = "How long to wait for convergence (ISO-8601). Default: 2 min.")
    Duration timeout;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "warn",
            description = "The controllers' log level. Default: ${DEFAULT-VALUE}.")
    String logLevel;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Logging.level(logLevel);
        Optional<KieBase> rules = translation.compile(err);
        if (rules.isEmpty()) {
            return TranslateCommand.RULES_DO_NOT_COMPILE;
        }
        ManifestReader.Result input = paths == null ? bundledSamples() : ManifestReader.read(paths, System.in);
        input.problems().forEach(err::println);
        Cidr clusterCidr = translation.clusterCidr != null || paths != null ? translation.clusterCidr : SAMPLES_CLUSTER_CIDR;
        int expected = expectedTranslations(rules.get(), input.objects(), clusterCidr);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        long start = System.nanoTime();
        try (FakeApiServer api = FakeApiServer.start(kubePort);
                MidonetSim sim = MidonetSim.start(OfflineNetwork.hostsOf(input.objects()).port(midonetPort).build());
                KubernetesClient kube = api.client();
                MidonetClient midonet = new MidonetClient(
                        MidonetClientConfig.of(sim.apiUri()).withCredentials("admin", "demo", null), registry)) {
            load(kube, input.objects());
            try (ControllerSet controllers = ControllerSet.start(new ControllerSet.Settings(kube, midonet, rules.get(),
                    translation.tenant, registry, ControllerSet.ALL,
                    PusherOptions.defaults().withResyncPeriod(Duration.ofMinutes(1)), () -> true, clusterCidr));
                    OpsServer ops = OpsServer.builder(registry).bind("127.0.0.1").port(metricsPort)
                            .debugEndpoints(debugEndpoints).readiness(controllers.readiness()).build().start()) {
                boolean converged = awaitConvergence(kube, expected, System.nanoTime() + timeout.toNanos());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                printSummary(out, kube, sim, took, converged, expected);
                out.printf("%nCluster CIDR: %s%n", clusterCidr == null ? "none (--cluster-cidr)" : clusterCidr);
                if (!converged) {
                    return 1;
                }
                out.printf("%nExplore:%n  kubectl --server %s get nodes%n  kubectl --server %s get tr -A%n"
                        + "  curl %s/state%n  curl %s/metrics%n"
                        + "  java -jar target/midonet-kube.jar trace --kube-server %s --midonet-api %s"
                        + " --midonet-password demo \\%n"
                        + "      --from pod/default/db-0 --to svc/default/web:http --reply%n",
                        api.url(), api.url(), sim.adminUri(), ops.uri(), api.url(), sim.apiUri());
                out.flush();
                if (!once) {
                    out.println("Running until interrupted (Ctrl-C).");
                    out.flush();
                    CountDownLatch interrupted = new CountDownLatch(1);
                    Runtime.getRuntime().addShutdownHook(new Thread(interrupted::countDown));
                    interrupted.await();
                }
            }
        } catch (IOException | IllegalStateException e) {
            err.println("error: " + e.getMessage() + (e.getMessage() != null && e.getMessage().contains("ddress")
                    ? " (another demo running? try --kube-port 0 --midonet-port 0 --metrics-port 0)" : ""));
            return 1;
        }
        return 0;
    }

    private static ManifestReader.Result bundledSamples() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String file : SAMPLE_FILES) {
            try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream("samples/" + file)) {
                if (in == null) {
                    throw new IOException("the samples are missing from the jar: samples/" + file);
                }
                text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append("\n---\n");
            }
        }
        return ManifestReader.readText("samples", text.toString());
    }

    /** Creates the objects; Nodes lose their MidoNet annotations, which the node annotator sets again. */
    private static void load(KubernetesClient kube, List<HasMetadata> objects) {
        for (HasMetadata object : objects) {
            if (object instanceof Node node && node.getMetadata().getAnnotations() != null) {
                node.getMetadata().getAnnotations().keySet()
                        .removeIf(k -> k.startsWith("midonet.org/") && !k.equals(Annotations.MAC_ADDRESS));
            }
            kube.resource(object).create();
        }
    }

    private int expectedTranslations(KieBase rules, List<HasMetadata> objects, Cidr clusterCidr) {
        try (TranslationEngine engine = new TranslationEngine(rules, translation.tenant, clusterCidr)) {
            engine.apply(objects);
            return engine.translations().size();
        }
    }

    private static boolean awaitConvergence(KubernetesClient kube, int expected, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            List<Translation> all = kube.resources(Translation.class).inAnyNamespace().list().getItems();
            if (all.size() == expected && all.stream().allMatch(DemoCommand::pushed)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static boolean pushed(Translation t) {
        TranslationStatus status = t.getStatus();
        return status != null && ContentHash.of(t.getResources()).equals(status.getAppliedHash())
                && status.getConditions().stream()
                        .anyMatch(c -> TranslationStatus.PUSHED.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static void printSummary(PrintWriter out, KubernetesClient kube, MidonetSim sim, Duration took, boolean converged,
            int expected) {
        List<Translation> all = kube.resources(Translation.class).inAnyNamespace().list().getItems();
        Map<String, Long> byOwner = all.stream().collect(Collectors.groupingBy(
                t -> t.getMetadata().getOwnerReferences().isEmpty() ? "(global)"
                        : t.getMetadata().getOwnerReferences().get(0).getKind(),
                TreeMap::new, Collectors.counting()));
        long pushed = all.stream().filter(DemoCommand::pushed).count();
        out.printf(converged ? "Converged in %.1f s: MidoNet holds every Translation.%n"
                : "NOT converged after %.1f s: " + pushed + " of " + expected + " Translations pushed.%n",
                took.toMillis() / 1000.0);
        out.printf("%nTranslations by owner (%d):%n", all.size());
        byOwner.forEach((kind, n) -> out.printf("  %-10s %4d%n", kind, n));
        out.printf("%nMidoNet objects by type:%n");
        sim.state().counts().forEach((kind, n) -> {
            if (n > 0) {
                out.printf("  %-18s %4d%n", kind, n);
            }
        });
        out.printf("%nMidoNet writes: %d%n", sim.stats().writes());
        out.flush();
    }
}

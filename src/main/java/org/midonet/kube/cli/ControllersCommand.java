package org.midonet.kube.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.kie.api.KieBase;
import org.midonet.kube.controller.ControllerSet;
import org.midonet.kube.controller.MidonetAuthCheck;
import org.midonet.kube.controller.ops.EventRecorder;
import org.midonet.kube.controller.ops.LeaderElection;
import org.midonet.kube.controller.ops.OpsServer;
import org.midonet.kube.controller.ops.OwnPod;
import org.midonet.kube.controller.ops.ReadinessCheck;
import org.midonet.kube.controller.pusher.PusherOptions;
import org.midonet.kube.midonet.client.MidonetClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the controllers against a cluster: translation, pusher and node annotator, with leader election. */
@Command(name = "controllers", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Watch the cluster, keep its Translations and push them to MidoNet, until stopped.",
            "Configured like the original midonet-kube-controllers, by MIDONETKUBE_* variables or these flags."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "1:could not start, or lost the leadership (the pod restarts)", "2:bad command line",
            "3:the rules do not compile"})
public final class ControllersCommand implements Callable<Integer> {
    /** The reason of the Warning Event on the controllers' Pod when MidoNet refuses their credentials. */
    static final String CREDENTIALS_REFUSED = "MidonetCredentialsRefused";

    @Spec
    CommandSpec spec;

    @Mixin
    TranslationOptions translation;

    @Mixin
    MidonetOptions midonet;

    @Mixin
    KubernetesOptions kubernetes;

    @Option(names = "--enabled-controllers", paramLabel = "LIST",
            defaultValue = "${env:MIDONETKUBE_ENABLED_CONTROLLERS:-node,pod,service,endpoints,pusher,nodeannotator}",
            description = "Comma-separated: node, pod, service, endpoints, pusher, nodeannotator. Default: ${DEFAULT-VALUE}.")
    String enabled;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "${env:MIDONETKUBE_LOG_LEVEL:-info}",
            description = "error, warn, info, debug or trace. Default: ${DEFAULT-VALUE}.")
    String logLevel;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "9453",
            description = "Port of /metrics, /healthz, /readyz (and /debug/ when on). Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDRESS", defaultValue = OpsServer.DEFAULT_BIND,
            description = "Address of the metrics port: the kubelet's probes and Prometheus must reach it (with "
                    + "hostNetwork they go to the node's address). Default: ${DEFAULT-VALUE}.")
    String metricsBind;

    @Option(names = "--debug-endpoints", defaultValue = "false",
            description = "Serve /debug/threads and /debug/heap (a full GC, at most once a minute) on the metrics port,"
                    + " to loopback clients only (kubectl port-forward, or the node itself). Default: off.")
    boolean debugEndpoints;

    @Option(names = "--leader-elect", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Only the replica holding the Lease writes (default: true).")
    boolean leaderElect;

    @Option(names = "--lease-namespace", paramLabel = "NAMESPACE", defaultValue = "kube-system",
            description = "Namespace of the leader Lease. Default: ${DEFAULT-VALUE}.")
    String leaseNamespace;

    @Option(names = "--resync-period", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "How often MidoNet is compared with the Translations and drift repaired (ISO-8601). Default: 5 min.")
    Duration resyncPeriod;

    @Option(names = "--pusher-parallelism", paramLabel = "N", defaultValue = "${env:MIDONETKUBE_PUSHER_PARALLELISM:-8}",
            description = "How many Translations are pushed to MidoNet at a time (env MIDONETKUBE_PUSHER_PARALLELISM). "
                    + "Default: ${DEFAULT-VALUE}.")
    int pusherParallelism;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Logging.level(logLevel);
        } catch (IllegalArgumentException e) {
            err.println("error: --log-level: " + e.getMessage());
            return 2;
        }
        if (pusherParallelism < 1) {
            err.println("error: --pusher-parallelism: at least 1 Translation at a time, not " + pusherParallelism);
            return 2;
        }
        Set<String> controllers = new LinkedHashSet<>(Arrays.asList(enabled.replace(" ", "").split(",")));
        controllers.remove("");
        Optional<KieBase> rules = translation.compile(err);
        if (rules.isEmpty()) {
            return TranslateCommand.RULES_DO_NOT_COMPILE;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (KubernetesClient kube = kubernetes.client(); MidonetClient client = new MidonetClient(midonet.config(), registry)) {
            return run(kube, client, rules.get(), controllers, registry, err);
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private int run(KubernetesClient kube, MidonetClient client, KieBase rules, Set<String> controllers,
            PrometheusMeterRegistry registry, PrintWriter err) throws IOException, InterruptedException {
        AtomicReference<ControllerSet> running = new AtomicReference<>();
        AtomicReference<LeaderElection> election = new AtomicReference<>();
        ControllerSet.Settings settings = new ControllerSet.Settings(kube, client, rules, translation.tenant, registry,
                controllers, PusherOptions.defaults().withResyncPeriod(resyncPeriod).withParallelism(pusherParallelism),
                () -> election.get() == null || election.get().isLeader(), translation.clusterCidr);
        ReadinessCheck controllersReady = () -> running.get() == null ? ReadinessCheck.Status.ok()
                : running.get().readiness().check();
        boolean usesMidonet = controllers.contains("pusher") || controllers.contains("nodeannotator");
        try (EventRecorder processEvents = new EventRecorder(kube, registry);
                MidonetAuthCheck credentials = usesMidonet ? MidonetAuthCheck.start(client,
                        reason -> OwnPod.find(kube, System.getenv("POD_NAME")).ifPresent(
                                pod -> processEvents.warning(pod, CREDENTIALS_REFUSED, reason))) : null) {
            ReadinessCheck ready = credentials == null ? controllersReady : both(credentials, controllersReady);
            return run(kube, registry, settings, running, election, ready, err);
        }
    }

    /** Not ready while either is not; the reasons of both. */
    static ReadinessCheck both(ReadinessCheck first, ReadinessCheck second) {
        return () -> {
            ReadinessCheck.Status a = first.check();
            ReadinessCheck.Status b = second.check();
            if (a.ready()) {
                return b;
            }
            return b.ready() ? a : ReadinessCheck.Status.notReady(a.reason() + "; " + b.reason());
        };
    }

    private int run(KubernetesClient kube, PrometheusMeterRegistry registry, ControllerSet.Settings settings,
            AtomicReference<ControllerSet> running, AtomicReference<LeaderElection> election, ReadinessCheck ready,
            PrintWriter err) throws IOException, InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        int[] exitCode = {0};
        try (OpsServer ops = OpsServer.builder(registry).bind(metricsBind).port(metricsPort)
                .debugEndpoints(debugEndpoints).readiness(ready).build().start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                ops.markShuttingDown();
                stopped.countDown();
            }, "shutdown"));
            if (leaderElect) {
                election.set(new LeaderElection(kube,
                        LeaderElection.Config.of(leaseNamespace, LeaderElection.Config.DEFAULT_NAME),
                        () -> running.set(ControllerSet.start(settings)), () -> {
                            err.println("error: lost the leadership; stopping so that the pod restarts");
                            exitCode[0] = 1;
                            stopped.countDown();
                        }));
                election.get().start();
            } else {
                running.set(ControllerSet.start(settings));
            }
            stopped.await();
        } finally {
            if (election.get() != null) {
                election.get().close();
            }
            if (running.get() != null) {
                running.get().close();
            }
        }
        return exitCode[0];
    }

}

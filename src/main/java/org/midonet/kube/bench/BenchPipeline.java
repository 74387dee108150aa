package org.midonet.kube.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.kie.api.KieBase;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.controller.ControllerSet;
import org.midonet.kube.controller.pusher.PusherOptions;
import org.midonet.kube.demo.FakeApiServer;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;

/**
 * The real pipeline in one process, as {@code demo} runs it: the fake Kubernetes API server and the MidoNet
 * emulator over HTTP on free local ports, and the controllers ({@link ControllerSet}) between them. The
 * emulator knows one host per Node (the id of the Node's host-id annotation), so the Nodes need no annotator.
 */
final class BenchPipeline implements AutoCloseable {
    /** Every controller but the node annotator: the synthetic Nodes carry their host ids already. */
    static final Set<String> TRANSLATION_ONLY = Set.of("node", "pod", "service", "endpoints");
    static final Set<String> ALL_BUT_ANNOTATOR = Set.of("node", "pod", "service", "endpoints", "pusher");

    private final FakeApiServer api;
    private final KubernetesClient kube;
    private final MidonetSim sim;
    private final MidonetClient midonet;
    private final KieBase rules;
    private final String tenant;
    private final SimpleMeterRegistry clientRegistry = new SimpleMeterRegistry();
    private SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private ControllerSet controllers;

    private BenchPipeline(FakeApiServer api, MidonetSim sim, KieBase rules, String tenant) {
        this.api = api;
        this.kube = api.client();
        this.sim = sim;
        this.rules = rules;
        this.tenant = tenant;
        this.midonet = new MidonetClient(MidonetClientConfig.of(sim.apiUri()).withCredentials("admin", "bench", null),
                clientRegistry);
    }

    /** Starts the API server and the emulator (with the given per-call latency); no controller yet. */
    static BenchPipeline start(List<Node> nodes, long latencyMillis, KieBase rules, String tenant) throws IOException {
        SimOptions.Builder options = SimOptions.builder().port(0).latencyMillis(latencyMillis);
        for (Node node : nodes) {
            String id = node.getMetadata().getAnnotations().get(Annotations.HOST_ID);
            options.host(new SimHost(UUID.fromString(id), node.getMetadata().getName(), true, List.of()));
        }
        FakeApiServer api = FakeApiServer.start(0);
        try {
            return new BenchPipeline(api, MidonetSim.start(options.build()), rules, tenant);
        } catch (IOException | RuntimeException e) {
            api.close();
            throw e;
        }
    }

    KubernetesClient kube() {
        return kube;
    }

    MidonetSim sim() {
        return sim;
    }

    ControllerSet controllers() {
        return controllers;
    }

    SimpleMeterRegistry registry() {
        return registry;
    }

    /**
     * Creates the objects in the API server, {@code threads} at a time (the fake server is the bottleneck, not
     * the client); reports progress every {@code every} objects.
     */
    void load(List<? extends HasMetadata> objects, int threads, int every, IntConsumer progress) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger done = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (HasMetadata object : objects) {
                futures.add(pool.submit(() -> {
                    kube.resource(withoutVersion(object)).create();
                    int n = done.incrementAndGet();
                    if (n % every == 0) {
                        progress.accept(n);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the synthetic objects: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A copy of the object without resourceVersion, so that the API server takes it as a create or update. */
    static <T extends HasMetadata> T withoutVersion(T object) {
        object.getMetadata().setResourceVersion(null);
        return object;
    }

    /** Starts the given controllers (a fresh meter registry each time, as a restarted process would have). */
    void startControllers(Set<String> enabled) {
        if (controllers != null) {
            throw new IllegalStateException("controllers running already");
        }
        controllers = ControllerSet.start(new ControllerSet.Settings(kube, midonet, rules, tenant, registry, enabled,
                PusherOptions.defaults().withResyncPeriod(Duration.ofHours(1)), () -> true));
    }

    /** Stops the controllers, as a process exit would (the state in Kubernetes and MidoNet stays). */
    void stopControllers() {
        if (controllers != null) {
            controllers.close();
            controllers = null;
        }
        registry.close();
        registry = new SimpleMeterRegistry();
    }

    @Override
    public void close() {
        stopControllers();
        midonet.close();
        sim.close();
        kube.close();
        api.close();
    }
}

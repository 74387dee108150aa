package org.midonet.kube.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.midonet.kube.controller.ops.LeaderElection;
import org.midonet.kube.controller.pusher.PusherOptions;
import org.midonet.kube.demo.FakeApiServer;
import org.midonet.kube.k8s.BackendResource;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationParts;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.ResourceKind;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.testing.MidonetAssertions;
import org.midonet.kube.trace.NatState;
import org.midonet.kube.trace.Packet;
import org.midonet.kube.trace.Topology;
import org.midonet.kube.trace.TopologyReader;
import org.midonet.kube.trace.TraceEndpoints;
import org.midonet.kube.trace.Tracer;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;

/**
 * The controllers end to end, over HTTP: a fake Kubernetes API server, the MidoNet emulator, and the
 * translation controller, pusher and node annotator between them. MidoNet must end up holding exactly what
 * `translate` gives for the same objects.
 */
class ControllersEndToEndTest {
    private static final Duration CONVERGENCE = Duration.ofSeconds(60);
    private static KieBase rules;

    private FakeApiServer api;
    private MidonetSim sim;
    private KubernetesClient kube;
    private MidonetClient midonet;
    private ControllerSet controllers;

    @BeforeAll
    static void compileRules() {
        rules = RuleBase.builtIn();
    }

    @BeforeEach
    void start() throws Exception {
        api = FakeApiServer.start(0);
        SimOptions.Builder options = SimOptions.builder().port(0);
        String[] names = {"master-1", "worker-1", "worker-2"};
        for (int i = 0; i < names.length; i++) {
            options.host(new SimHost(UUID.fromString("3f6c1f6e-2f6b-4a35-9d6e-0c1d2e3f4a0" + (i + 1)),
                    names[i], true, List.of()));
        }
        sim = MidonetSim.start(options.build());
        kube = api.client();
        midonet = new MidonetClient(MidonetClientConfig.of(sim.apiUri()).withCredentials("admin", "e2e", null),
                new SimpleMeterRegistry());
        controllers = startControllers();
    }

    private ControllerSet startControllers() {
        return ControllerSet.start(new ControllerSet.Settings(kube, midonet, rules, "midonetkube", new SimpleMeterRegistry(),
                ControllerSet.ALL, PusherOptions.defaults(), () -> true));
    }

    @AfterEach
    void stop() {
        controllers.close();
        midonet.close();
        kube.close();
        sim.close();
        api.close();
    }

    private static List<HasMetadata> samples() {
        return ManifestReader.read(List.of("samples/"), System.in).objects();
    }

    /** What translate gives for these objects, per Translation. */
    private static Map<String, List<MidonetResource>> translated(List<HasMetadata> objects) {
        Map<String, List<MidonetResource>> out = new HashMap<>();
        try (TranslationEngine engine = new TranslationEngine(rules, "midonetkube")) {
            engine.apply(objects);
            engine.translations().forEach((id, content) -> out.put(id.toString(), content));
        }
        return out;
    }

    private void awaitMidonetHolds(List<HasMetadata> objects) {
        Map<String, List<MidonetResource>> expected = translated(objects);
        await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(kube.resources(Translation.class).inAnyNamespace().list().getItems())
                    .filteredOn(t -> !TranslationParts.isPart(t))
                    .extracting(t -> t.getMetadata().getNamespace() + "/" + t.getMetadata().getName())
                    .containsExactlyInAnyOrderElementsOf(expected.keySet());
            assertHolds(expected);
        });
    }

    private void assertHolds(Map<String, List<MidonetResource>> translations) {
        MidonetAssertions.assertHolds(sim, midonet, translations.values());
    }

    @Test
    void objectsCreatedInAnyOrderConvergeToWhatTranslateGivesAndAMalformedOneStopsNothing() {
        List<HasMetadata> objects = new ArrayList<>(samples());
        Collections.reverse(objects); // services and slices first, nodes last
        objects.add(objects.size() / 2, K8s.service("default", "broken", "10.96.0.300", K8s.port("http", "TCP", 80)));
        objects.forEach(o -> kube.resource(o).create());

        awaitMidonetHolds(samples());
        assertThat(sim.stats().writes()).isEqualTo(113);
        assertThat(controllers.translation().problems()).anySatisfy(p -> assertThat(p.toString())
                .contains("Service default/broken", "spec.clusterIP", "10.96.0.300"));
    }

    @Test
    void survivesA30SecondMidonetOutageAndConvergesAfterItWithNothingLost() {
        List<HasMetadata> objects = new ArrayList<>(samples());
        objects.forEach(o -> kube.resource(o).create());
        awaitMidonetHolds(objects);

        sim.faults().startOutage(Duration.ofSeconds(30));
        EndpointSlice web = K8s.slice("default", "web", "web-x7k2p", List.of("10.1.2.21"), "http/TCP/8080", "https/TCP/8443");
        kube.resource(web).update();
        objects.replaceAll(o -> o.getKind().equals("EndpointSlice") && o.getMetadata().getName().equals("web-x7k2p") ? web : o);
        HasMetadata db = objects.stream().filter(o -> o.getMetadata().getName().equals("db-0")).findFirst().orElseThrow();
        kube.resource(db).delete();
        objects.remove(db);

        await().pollDelay(Duration.ofSeconds(25)).atMost(Duration.ofSeconds(26)).until(() -> true);
        assertThat(sim.faults().outageActive()).isTrue();
        awaitMidonetHolds(objects);
    }

    @Test
    void withTwoReplicasOnlyTheLeaderWritesAndTheOtherTakesOverWithoutRewriting() throws Exception {
        controllers.close(); // this test runs its own two replicas
        List<HasMetadata> objects = new ArrayList<>(samples());
        objects.forEach(o -> kube.resource(o).create());
        AtomicReference<ControllerSet> first = new AtomicReference<>();
        AtomicReference<ControllerSet> second = new AtomicReference<>();
        LeaderElection.Config lease = LeaderElection.Config.of("kube-system", "midonet-kube-controllers")
                .withTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500));
        try (KubernetesClient kube2 = api.client();
                LeaderElection one = new LeaderElection(kube, lease.withIdentity("replica-1"),
                        () -> first.set(startControllers()), () -> { });
                LeaderElection two = new LeaderElection(kube2, lease.withIdentity("replica-2"),
                        () -> second.set(ControllerSet.start(new ControllerSet.Settings(kube2, midonet, rules, "midonetkube",
                                new SimpleMeterRegistry(), ControllerSet.ALL, PusherOptions.defaults(), () -> true))),
                        () -> { })) {
            one.start();
            await().atMost(CONVERGENCE).until(one::isLeader);
            two.start();
            awaitMidonetHolds(objects);
            assertThat(sim.stats().writes()).isEqualTo(113);
            assertThat(second.get()).as("the standby replica's controllers").isNull();

            long writes = sim.stats().writes();
            first.get().close();
            one.close(); // releases the Lease
            await().atMost(CONVERGENCE).until(() -> second.get() != null && second.get().readiness().check().ready()
                    && second.get().pusher().idle() && second.get().pusher().counts().pending() == 0);
            assertThat(sim.stats().writes()).as("writes after the other replica took over").isEqualTo(writes);
        } finally {
            if (second.get() != null) {
                second.get().close();
            }
        }
        controllers = startControllers(); // closed again by stop()
    }

    @Test
    void theResyncPutsBackAnObjectDeletedBehindOurBack() {
        List<HasMetadata> objects = new ArrayList<>(samples());
        objects.forEach(o -> kube.resource(o).create());
        awaitMidonetHolds(objects);
        MidonetResource bridge = translated(objects).values().stream().flatMap(List::stream)
                .filter(r -> r.kind() == ResourceKind.BRIDGE).findFirst().orElseThrow();
        midonet.delete(bridge); // its ports, bindings and MAC/ARP entries go with it

        assertThat(controllers.pusher().resync().repairs()).isPositive();
        assertHolds(translated(objects));
    }

    @Test
    void endpointChangesServiceDeletionAndARestartThatWritesNothing() {
        List<HasMetadata> objects = new ArrayList<>(samples());
        objects.forEach(o -> kube.resource(o).create());
        awaitMidonetHolds(objects);

        EndpointSlice web = K8s.slice("default", "web", "web-x7k2p", List.of("10.1.1.20", "10.1.2.20", "10.1.2.21"),
                "http/TCP/8080", "https/TCP/8443");
        kube.resource(web).update();
        objects.replaceAll(o -> o.getKind().equals("EndpointSlice") && o.getMetadata().getName().equals("web-x7k2p") ? web : o);
        awaitMidonetHolds(objects);
        // stamped with when the change reached the controller: where the network programming latency starts
        assertThat(kube.resources(Translation.class).inNamespace("default").list().getItems())
                .filteredOn(t -> t.getMetadata().getName().equals("service.4.web")).singleElement()
                .satisfies(t -> assertThat(Instant.parse(t.getMetadata().getAnnotations().get(Translation.CHANGED_AT_ANNOTATION)))
                        .isBeforeOrEqualTo(Instant.now()));

        HasMetadata shop = objects.stream().filter(o -> o.getKind().equals("Service") && o.getMetadata().getName().equals("shop"))
                .findFirst().orElseThrow();
        kube.resource(shop).delete();
        objects.remove(shop);
        awaitMidonetHolds(objects); // the shop Service's Translations, finalizers and MidoNet objects are gone

        restartWithNothingChangedWritesNothing();
        assertHolds(translated(objects));
    }

    @Test
    void aTranslationWrittenByHandNeverReachesMidonetAndIsDeleted() {
        List<HasMetadata> objects = samples();
        objects.forEach(o -> kube.resource(o).create());
        awaitMidonetHolds(objects);
        long writes = sim.stats().writes();

        Chain stolen = new Chain(UUID.randomUUID(), "stolen", "midonetkube");
        Translation forged = forged("forged", stolen);
        forged.getMetadata().setFinalizers(List.of(Translation.FINALIZER)); // as if ours: its deletion is ours to push
        kube.resource(forged).create();

        await().atMost(CONVERGENCE).untilAsserted(() -> {
            assertThat(kube.resources(Translation.class).inNamespace("default").withName("forged").get()).isNull();
            assertThat(events("TranslationNotDerived")).anySatisfy(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getInvolvedObject().getName()).isEqualTo("forged");
            });
        });
        assertThat(sim.state().get(ResourceKind.CHAIN, stolen.id())).as("the forged chain in MidoNet").isEmpty();
        assertThat(sim.stats().writes()).as("MidoNet writes for a forged Translation").isEqualTo(writes);
        awaitMidonetHolds(objects);
    }

    @Test
    void aDerivedTranslationChangedByHandIsNotPushedAndGetsItsContentBack() {
        List<HasMetadata> objects = samples();
        objects.forEach(o -> kube.resource(o).create());
        awaitMidonetHolds(objects);
        long writes = sim.stats().writes();

        Chain stolen = new Chain(UUID.randomUUID(), "stolen", "midonetkube");
        Translation web = kube.resources(Translation.class).inNamespace("default").withName("service.4.web").get();
        List<BackendResource> derived = web.getResources();
        List<BackendResource> tampered = new ArrayList<>(derived);
        tampered.add(BackendResource.of(stolen));
        web.setResources(tampered);
        kube.resource(web).update();

        await().atMost(CONVERGENCE).untilAsserted(() -> {
            assertThat(events("TranslationNotDerived")).isNotEmpty();
            assertThat(kube.resources(Translation.class).inNamespace("default").withName("service.4.web").get().getResources())
                    .isEqualTo(derived);
        });
        awaitMidonetHolds(objects);
        assertThat(sim.state().get(ResourceKind.CHAIN, stolen.id())).isEmpty();
        assertThat(sim.stats().writes()).isEqualTo(writes);
    }

    @Test
    void aTranslationWrittenWhileNoControllerRanIsNotPushedAfterTheRestartAndAnOperatorMayKeepOne() {
        List<HasMetadata> objects = samples();
        objects.forEach(o -> kube.resource(o).create());
        awaitMidonetHolds(objects);
        controllers.close();
        long writes = sim.stats().writes();
        Chain stolen = new Chain(UUID.randomUUID(), "stolen", "midonetkube");
        Chain kept = new Chain(UUID.randomUUID(), "kept", "midonetkube");
        kube.resource(forged("forged", stolen)).create();
        Translation keep = forged("kept-by-hand", kept);
        keep.getMetadata().setAnnotations(Map.of(Translation.KEEP_NOT_DERIVED_ANNOTATION, "true"));
        kube.resource(keep).create();

        controllers = startControllers();
        await().atMost(CONVERGENCE).untilAsserted(() -> {
            assertThat(kube.resources(Translation.class).inNamespace("default").withName("forged").get()).isNull();
            assertThat(events("TranslationNotDerived")).extracting(e -> e.getInvolvedObject().getName())
                    .contains("forged", "kept-by-hand");
        });
        await().atMost(CONVERGENCE).until(() -> controllers.pusher().idle());
        assertThat(kube.resources(Translation.class).inNamespace("default").withName("kept-by-hand").get()).isNotNull();
        assertThat(sim.state().get(ResourceKind.CHAIN, stolen.id())).isEmpty();
        assertThat(sim.state().get(ResourceKind.CHAIN, kept.id())).isEmpty();
        assertThat(sim.stats().writes()).as("MidoNet writes after the restart").isEqualTo(writes);
        assertThat(controllers.pusher().counts().failed()).as("the kept one counts as failed").isEqualTo(1);
    }

    @Test
    void servicesOf5000PortsAnd20000EndpointsReachMidonetInObjectsUnder1MiBAndFollowChanges() {
        List<HasMetadata> objects = new ArrayList<>(samples());
        List<ServicePort> ports = new ArrayList<>();
        List<String> slicePorts = new ArrayList<>();
        for (int i = 1; i <= 5000; i++) {
            ports.add(K8s.port("p" + i, "TCP", i));
            slicePorts.add("p" + i + "/TCP/" + (10000 + i));
        }
        objects.add(K8s.service("default", "wide", "10.96.0.60", ports.toArray(ServicePort[]::new)));
        objects.add(K8s.slice("default", "wide", "wide-1", List.of("10.1.2.30"), slicePorts.toArray(String[]::new)));
        objects.add(K8s.service("default", "deep", "10.96.0.61", K8s.port("http", "TCP", 80)));
        for (int s = 0; s < 20; s++) { // EndpointSlices hold up to 1,000 endpoints
            objects.add(K8s.slice("default", "deep", "deep-" + s, addresses(s, 1000), "http/TCP/8080"));
        }
        objects.forEach(o -> kube.resource(o).create());
        awaitMidonetHolds(objects);

        List<Translation> stored = kube.resources(Translation.class).inNamespace("default").list().getItems();
        assertThat(stored).filteredOn(TranslationParts::isPart).extracting(TranslationParts::headName)
                .contains("service.4.wide", "service.4.deep");
        assertThat(stored).allSatisfy(t -> assertThat(Serialization.asJson(t).getBytes(StandardCharsets.UTF_8).length)
                .as(t.getMetadata().getName()).isLessThan(1024 * 1024));
        Topology topology = TopologyReader.read(midonet);
        TraceEndpoints endpoints = new TraceEndpoints(topology, TraceEndpoints.of(objects));
        List<Tracer.Outcome> toLastPort = new Tracer(topology, endpoints.labelsByInterface()).outcomes(
                endpoints.sender("pod/default/web-7c9f8d6b5-2lq8n"), "10.96.0.60", Packet.TCP, 40000, 5000, true, new NatState());
        assertThat(toLastPort).singleElement().satisfies(o -> assertThat(o.forward().deliveries()).singleElement()
                .satisfies(d -> {
                    assertThat(d.label()).isEqualTo("pod default/db-0");
                    assertThat(d.packet().dstPort()).isEqualTo(15000);
                }));

        EndpointSlice fewer = K8s.slice("default", "deep", "deep-0", addresses(0, 500), "http/TCP/8080");
        kube.resource(fewer).update();
        objects.replaceAll(o -> o.getKind().equals("EndpointSlice") && o.getMetadata().getName().equals("deep-0") ? fewer : o);
        awaitMidonetHolds(objects);

        restartWithNothingChangedWritesNothing();
    }

    /** The controllers stopped and started again: ready and idle without a MidoNet write. */
    private void restartWithNothingChangedWritesNothing() {
        controllers.close();
        long writes = sim.stats().writes();
        controllers = startControllers();
        await().atMost(CONVERGENCE).until(() -> controllers.readiness().check().ready()
                && controllers.pusher().idle() && controllers.pusher().counts().pending() == 0);
        assertThat(sim.stats().writes()).as("MidoNet writes after a restart with nothing changed").isEqualTo(writes);
    }

    /** Distinct addresses for the endpoints of slice {@code slice} (up to 1,000 of them). */
    private static List<String> addresses(int slice, int count) {
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ips.add("10.3." + (slice * 4 + i / 250) + "." + (i % 250 + 1));
        }
        return ips;
    }

    private static Translation forged(String name, MidonetResource... content) {
        Translation tr = new Translation();
        tr.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName(name).build());
        tr.setResources(Arrays.stream(content).map(BackendResource::of).toList());
        return tr;
    }

    private List<Event> events(String reason) {
        return kube.v1().events().inAnyNamespace().list().getItems().stream().filter(e -> reason.equals(e.getReason())).toList();
    }
}

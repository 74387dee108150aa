package org.midonet.kube.controller.pusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.k8s.ContentHash;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationRecords;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.midonet.model.Ip4MacPair;
import org.midonet.kube.midonet.model.MacPort;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.ResourceKind;
import org.midonet.kube.midonet.model.Route;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimOptions;
import org.midonet.kube.testing.MidonetAssertions;
import org.midonet.kube.trace.NatState;
import org.midonet.kube.trace.Packet;
import org.midonet.kube.trace.TopologyReader;
import org.midonet.kube.trace.TraceEndpoints;
import org.midonet.kube.trace.Tracer;
import org.midonet.kube.translate.Ids;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/**
 * The resync against what was forged in MidoNet behind our back (routes in the cluster router, MAC and ARP entries
 * in a node's bridge) and against MidoNet failing while it reads: the forged objects are deleted, and the packet
 * tracer shows the traffic they diverted back where it belongs; MidoNet's own objects, entries it may have learned,
 * and objects it could not be asked about stay.
 */
@EnableKubernetesMockClient(crud = true)
class ResyncStraysTest {
    private static final Ids IDS = Ids.forTenant(Ids.DEFAULT_TENANT);
    private static final String DB = "pod default/db-0";
    private static final String DB_IP = "10.1.2.30";
    private static final String DB_MAC = "02:00:0a:01:02:1e";
    private static final String FORGED_MAC = "02:00:de:ad:be:ef";
    private static final Duration CONVERGENCE = Duration.ofSeconds(20);
    private static KieBase rules;

    KubernetesClient client;

    private MidonetSim sim;
    private MidonetClient midonet;
    private TranslationEngine engine;
    private Pusher pusher;
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private Map<TranslationId, List<MidonetResource>> samples;

    @BeforeAll
    static void compileRules() {
        rules = RuleBase.builtIn();
    }

    @BeforeEach
    void pushTheSamples() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("manifests/translation-crd.yaml"))) {
            client.apiextensions().v1().customResourceDefinitions()
                    .resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
        }
        SimOptions.Builder options = SimOptions.builder().port(0);
        PusherTest.SAMPLE_HOSTS.forEach(options::host);
        sim = MidonetSim.start(options.build());
        midonet = new MidonetClient(MidonetClientConfig.of(sim.apiUri()).withCredentials("admin", "admin", null)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)), new SimpleMeterRegistry());
        engine = new TranslationEngine(rules, Ids.DEFAULT_TENANT);
        engine.apply(samples());
        samples = engine.translations();
        samples.forEach((id, content) -> client.resources(Translation.class).inNamespace(id.namespace())
                .resource(TranslationRecords.of(id, content)).create());
        PusherOptions fast = PusherOptions.defaults()
                .withCallBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 4, d -> Thread.sleep(d.toMillis())))
                .withRetry(Duration.ofMillis(100), Duration.ofMillis(500)).withResyncPeriod(Duration.ZERO);
        pusher = new Pusher(client, midonet, registry, fast);
        pusher.start();
        awaitAllPushed();
    }

    @AfterEach
    void stop() {
        pusher.close();
        engine.close();
        midonet.close();
        sim.close();
    }

    @Test
    void forgedRoutesInTheClusterRouterAreDeletedAndMidonetsOwnRoutesStay() {
        Set<String> midonetsOwn = localRoutes();
        assertThat(midonetsOwn).as("a Local route per router port").hasSize(3);
        Route divert = Route.normal(IDS.clusterRouter(), UUID.randomUUID(), DB_IP, 32, IDS.nodeRouterPort("worker-1"), null);
        Route blackHole = new Route(IDS.clusterRouter(), UUID.randomUUID(), "0.0.0.0", 0, "10.1.2.20", 32,
                IDS.nodeRouterPort("worker-2"), null, "Local"); // looks like MidoNet's, but not to the port's address
        midonet.create(divert);
        midonet.create(blackHole);
        assertThat(deliveredTo("pod/default/web-7c9f8d6b5-2lq8n", DB_IP)).as("the forged route diverts db-0's traffic")
                .doesNotContain(DB);

        DriftRepair.Report report = pusher.resync();

        assertThat(report.strayRoutesDeleted()).isEqualTo(2);
        assertThat(report.straysDeleted()).isEqualTo(2);
        assertThat(midonet.get(divert)).isEmpty();
        assertThat(midonet.get(blackHole)).isEmpty();
        assertThat(localRoutes()).isEqualTo(midonetsOwn);
        MidonetAssertions.assertHolds(sim, midonet, samples.values());
        assertThat(deliveredTo("pod/default/web-7c9f8d6b5-2lq8n", DB_IP)).containsExactly(DB);
        assertThat(strays("Route")).isEqualTo(2);
        assertThat(pusher.resync().straysDeleted()).isZero();
    }

    @Test
    void forgedMacAndArpEntriesForAPodAreDeletedAndEntriesForOtherAddressesStay() {
        UUID bridge = IDS.node("worker-2");
        UUID hostPort = IDS.nodeHostPort("worker-2");
        Ip4MacPair arpHijack = new Ip4MacPair(bridge, DB_IP, FORGED_MAC);
        MacPort macHijack = new MacPort(bridge, DB_MAC, hostPort);
        MacPort unclaimed = new MacPort(bridge, FORGED_MAC, hostPort); // as MidoNet could have learned it: left alone
        midonet.create(arpHijack);
        midonet.create(unclaimed);
        assertThat(deliveredTo("pod/default/web-7c9f8d6b5-2lq8n", DB_IP)).as("the forged ARP entry sends db-0's traffic away")
                .doesNotContain(DB);
        midonet.delete(arpHijack);
        midonet.create(macHijack);
        assertThat(deliveredTo("pod/default/web-7c9f8d6b5-2lq8n", DB_IP)).as("the forged MAC entry sends db-0's traffic away")
                .doesNotContain(DB);
        midonet.create(arpHijack);

        DriftRepair.Report report = pusher.resync();

        assertThat(report.strayTableEntriesDeleted()).isEqualTo(2);
        assertThat(report.straysDeletedByKind()).containsEntry("MACPort", 1L).containsEntry("IPv4MACPair", 1L);
        assertThat(midonet.get(arpHijack)).isEmpty();
        assertThat(midonet.get(macHijack)).isEmpty();
        assertThat(midonet.get(unclaimed)).as("an entry for an address no Translation claims").isPresent();
        assertThat(deliveredTo("pod/default/web-7c9f8d6b5-2lq8n", DB_IP)).containsExactly(DB);
        midonet.delete(unclaimed);
        MidonetAssertions.assertHolds(sim, midonet, samples.values());
    }

    @Test
    void readsFailingInPassingAreRetriedAndFindNothingMissingOrStray() {
        long writes = sim.stats().writes();
        sim.faults().setSeed(7);
        sim.faults().setFailRate(0.3);

        DriftRepair.Report report = pusher.resync();

        sim.faults().clear();
        assertThat(report.readRetries()).isPositive();
        assertThat(report.readsGivenUp()).isZero();
        assertThat(report.failed()).isZero();
        assertThat(report.drifted()).isZero();
        assertThat(report.straysDeleted()).isZero();
        assertThat(sim.stats().writes()).isEqualTo(writes);
        assertThat(reads("retried")).isEqualTo(report.readRetries());
        MidonetAssertions.assertHolds(sim, midonet, samples.values());
    }

    @Test
    void anOutageDuringTheResyncLeavesEverythingForTheNextOne() {
        long writes = sim.stats().writes();
        sim.faults().startOutage(Duration.ofMinutes(1));

        DriftRepair.Report report = pusher.resync();

        sim.faults().startOutage(Duration.ZERO);
        assertThat(report.failed()).as("every Translation's check").isEqualTo(report.checked()).isEqualTo(samples.size());
        assertThat(report.drifted()).isZero();
        assertThat(report.straysDeleted()).isZero();
        assertThat(report.readsGivenUp()).isPositive();
        assertThat(reads("given_up")).isEqualTo(report.readsGivenUp());
        assertThat(sim.stats().writes()).as("nothing recreated, nothing deleted").isEqualTo(writes);
        DriftRepair.Report next = pusher.resync();
        assertThat(next.failed()).isZero();
        assertThat(next.drifted()).isZero();
        MidonetAssertions.assertHolds(sim, midonet, samples.values());
    }

    // ---- helpers ----

    private static List<HasMetadata> samples() {
        ManifestReader.Result read = ManifestReader.read(List.of("samples/"), System.in);
        assertThat(read.problems()).isEmpty();
        return read.objects();
    }

    private void awaitAllPushed() {
        await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            List<Translation> all = client.resources(Translation.class).inAnyNamespace().list().getItems();
            assertThat(all).hasSize(samples.size());
            for (Translation tr : all) {
                assertThat(PusherStatus.pushedAt(tr, ContentHash.of(tr.getResources()))).as("%s pushed", Pusher.key(tr)).isTrue();
            }
        });
    }

    /** The ids of the cluster router's Local routes. */
    private Set<String> localRoutes() {
        Set<String> ids = new TreeSet<>();
        for (JsonNode route : midonet.list("/routers/" + IDS.clusterRouter() + "/routes",
                ResourceKind.ROUTE.collectionMediaType())) {
            if (route.path("type").asText().equals("Local")) {
                ids.add(route.path("id").asText());
            }
        }
        return ids;
    }

    /** Where TCP from a Pod to an address and port 5432 is delivered, in every outcome, as MidoNet holds it now. */
    private Set<String> deliveredTo(String from, String dstIp) {
        TraceEndpoints endpoints = new TraceEndpoints(TopologyReader.read(midonet), TraceEndpoints.of(samples()));
        Tracer tracer = new Tracer(TopologyReader.read(midonet), endpoints.labelsByInterface());
        Set<String> labels = new TreeSet<>();
        tracer.outcomes(endpoints.sender(from), dstIp, Packet.TCP, 40000, 5432, false, new NatState())
                .forEach(o -> o.forward().deliveries().forEach(d -> labels.add(d.label())));
        return labels;
    }

    private double strays(String kind) {
        var counter = Search.in(registry).name(PusherMetrics.STRAYS).tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    private double reads(String outcome) {
        var counter = Search.in(registry).name(PusherMetrics.RESYNC_READS).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}

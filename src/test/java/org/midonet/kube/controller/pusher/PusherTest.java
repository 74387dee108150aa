package org.midonet.kube.controller.pusher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kie.api.KieBase;
import org.midonet.kube.apply.Identity;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.k8s.BackendResource;
import org.midonet.kube.k8s.ContentHash;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationRecords;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.midonet.model.Bridge;
import org.midonet.kube.midonet.model.BridgePort;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.MidonetRef;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.ResourceKind;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.testing.MidonetAssertions;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.Names;
import org.midonet.kube.translate.PushOrder;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.RuleSource;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/**
 * The pusher over real HTTP: the fabric8 mock server in CRUD mode as the apiserver (Translations, their status
 * subresource, finalizers, Events) and the MidoNet emulator, with the Translations of samples/.
 */
@EnableKubernetesMockClient(crud = true)
class PusherTest {
    /** The MidoNet hosts of the nodes in samples/nodes.yaml (as in the applier's EmulatorFixture). */
    static final List<SimHost> SAMPLE_HOSTS = List.of(
            new SimHost(UUID.fromString("3f6c1f6e-2f6b-4a35-9d6e-0c1d2e3f4a01"), "master-1", true, List.of("192.168.10.11")),
            new SimHost(UUID.fromString("3f6c1f6e-2f6b-4a35-9d6e-0c1d2e3f4a02"), "worker-1", true, List.of("192.168.10.12")),
            new SimHost(UUID.fromString("3f6c1f6e-2f6b-4a35-9d6e-0c1d2e3f4a03"), "worker-2", true, List.of("192.168.10.13")));
    private static final Duration CONVERGENCE = Duration.ofSeconds(20);
    private static KieBase rules;

    KubernetesClient client;
    KubernetesMockServer server;

    private MidonetSim sim;
    private MidonetClient midonet;
    private TranslationEngine engine;
    private final List<Pusher> pushers = new ArrayList<>();

    @BeforeAll
    static void compileRules() {
        rules = RuleBase.builtIn();
    }

    @BeforeEach
    void start() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("manifests/translation-crd.yaml"))) {
            client.apiextensions().v1().customResourceDefinitions()
                    .resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
        }
        SimOptions.Builder options = SimOptions.builder().port(0);
        SAMPLE_HOSTS.forEach(options::host);
        sim = MidonetSim.start(options.build());
        midonet = client(sim);
        engine = new TranslationEngine(rules, "midonetkube");
    }

    @AfterEach
    void stop() {
        pushers.forEach(Pusher::close);
        engine.close();
        midonet.close();
        sim.close();
    }

    // ---- the tests ----

    @Test
    void pushesTheSamplesWithOneWritePerObjectAndRecordsStatusAndEvents() {
        MeterRegistry registry = new SimpleMeterRegistry();
        pusher(registry, fast());
        Map<TranslationId, List<MidonetResource>> samples = createSamples();

        awaitAllPushed();

        assertHolds(samples.values());
        assertThat(sim.stats().writes()).isEqualTo(objectCount(samples));
        List<Translation> all = translations();
        assertThat(all).hasSize(samples.size());
        for (Translation tr : all) {
            assertThat(tr.getStatus().getAppliedHash()).isEqualTo(ContentHash.of(tr.getResources()));
            assertThat(tr.getStatus().getAppliedObjects()).as("the objects named, not the content repeated")
                    .containsExactlyElementsOf(tr.getResources().stream().map(r -> MidonetRef.of(r.toResource()).toString())
                            .toList());
            assertThat(tr.getStatus().getAppliedResources()).isNull();
            assertThat(tr.getStatus().getResourceCount()).isEqualTo(tr.getResources().size());
            Condition pushed = PusherStatus.pushedCondition(tr.getStatus());
            assertThat(pushed.getStatus()).isEqualTo("True");
            assertThat(pushed.getReason()).isEqualTo("Pushed");
            assertThat(pushed.getLastTransitionTime()).isNotBlank();
        }
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(events("TranslationUpdatePushed")).hasSize(samples.size()));
        for (Event e : events("TranslationUpdatePushed")) {
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getMessage()).isEqualTo("Translation Update pushed to the backend");
            assertThat(e.getSource().getComponent()).isEqualTo("midonet-kube-controllers");
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("Translation");
            assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("midonet.org/v1");
            assertThat(e.getMetadata().getNamespace()).isEqualTo(e.getInvolvedObject().getNamespace());
        }
        assertThat(events("TranslationUpdatePushed").stream().map(e -> e.getInvolvedObject().getName()).distinct())
                .hasSize(samples.size());
        assertThat(client.v1().events().inAnyNamespace().list().getItems()).noneMatch(e -> "Warning".equals(e.getType()));
        assertThat(gauge(registry, "pushed")).isEqualTo(samples.size());
        assertThat(gauge(registry, "pending")).isZero();
        assertThat(gauge(registry, "failed")).isZero();
        assertThat(registry.get(PusherMetrics.PROGRAMMING).tag("operation", "update").timer().count()).isEqualTo(samples.size());
    }

    @Test
    void aRestartWithNothingChangedMakesNoMidonetRequestAndAChangeMadeMeanwhileCostsTheFewestWrites() throws Exception {
        createSamples();
        Pusher first = pusher(new SimpleMeterRegistry(), fast());
        awaitAllPushed();
        first.close();

        sim.resetStats();
        Pusher second = pusher(new SimpleMeterRegistry(), fast());
        await().atMost(CONVERGENCE).until(second::idle);
        Thread.sleep(300);
        assertThat(second.counts()).isEqualTo(new Pusher.Counts(translations().size(), 0, 0));
        assertThat(sim.stats().requests()).as("MidoNet requests after a restart with nothing changed").isZero();

        // changed after the restart: taken from the content the status said was applied, without reading MidoNet
        write(engine.apply(List.of(webEndpoints("10.1.1.20", "10.1.2.20", "10.1.2.21"))));
        awaitAllPushed();
        assertThat(sim.stats().writes()).as("per port: the new DNAT created, the old one deleted").isEqualTo(4);
        assertThat(sim.stats().requests()).as("requests: the writes and nothing else").isEqualTo(4);
        second.close();

        // changed while no pusher ran: applied over what MidoNet holds; what the Translation no longer holds deleted
        write(engine.apply(List.of(webEndpoints("10.1.1.20", "10.1.2.21"))));
        sim.resetStats();
        pusher(new SimpleMeterRegistry(), fast());
        awaitAllPushed();
        assertThat(sim.stats().writes()).as("per port: the new DNAT created, the old one deleted").isEqualTo(4);
        assertHolds(engine.translations().values());
    }

    /** The status names the objects applied, with their parents where MidoNet's paths need them (MAC and ARP entries). */
    @Test
    void aTranslationChangedThenDeletedWhileNoPusherRanHasWhatItHeldDeleted() {
        Map<TranslationId, List<MidonetResource>> samples = createSamples();
        Pusher first = pusher(new SimpleMeterRegistry(), fast());
        awaitAllPushed();
        first.close();
        TranslationId pod = samples.keySet().stream().filter(id -> id.name().equals("pod.4.db-0")).findFirst().orElseThrow();
        UUID port = samples.get(pod).stream().filter(r -> r instanceof BridgePort).map(r -> ((BridgePort) r).id())
                .findFirst().orElseThrow();

        write(engine.apply(List.of(dbWithMac("02:00:0a:01:02:99"))));
        ChangeSet gone = engine.apply(List.of(), List.of(new ObjectRef("Pod", "default", "db-0")));
        write(gone);
        sim.resetStats();
        pusher(new SimpleMeterRegistry(), fast());

        awaitGone(gone);
        assertThat(sim.state().get(ResourceKind.PORT, port)).as("the pod's port").isEmpty();
        assertThat(sim.state().dump().toString()).as("the MAC and ARP entries pushed before the change")
                .doesNotContain("02:00:0a:01:02:1e", "10.1.2.30");
        assertThat(sim.stats().writes()).as("the port, the hairpin rule, the MAC and the ARP entry deleted").isEqualTo(4);
        awaitAllPushed();
        assertHolds(engine.translations().values());
    }

    @Test
    void aStatusThatRecordsTheContentItselfAsEarlierVersionsWroteIsAppliedFrom() {
        createSamples();
        Pusher first = pusher(new SimpleMeterRegistry(), fast());
        awaitAllPushed();
        first.close();
        for (Translation tr : translations()) {
            client.resources(Translation.class).inNamespace(tr.getMetadata().getNamespace()).withName(tr.getMetadata().getName())
                    .editStatus(t -> {
                        t.getStatus().setAppliedObjects(null);
                        t.getStatus().setAppliedResources(t.getResources());
                        return t;
                    });
        }

        write(engine.apply(List.of(webEndpoints("10.1.1.20", "10.1.2.20", "10.1.2.21"))));
        sim.resetStats();
        pusher(new SimpleMeterRegistry(), fast());
        awaitAllPushed();
        assertThat(sim.stats().writes()).as("per port: the new DNAT created, the old one deleted").isEqualTo(4);
        assertThat(sim.stats().requests() - sim.stats().logins()).as("requests: the writes and nothing else").isEqualTo(4);
        assertHolds(engine.translations().values());
        Translation web = get("default", "service.4.web");
        assertThat(web.getStatus().getAppliedResources()).as("rewritten as this version writes it").isNull();
        assertThat(web.getStatus().getAppliedObjects()).hasSameSizeAs(web.getResources());
    }

    @Test
    void anEndpointChangeCostsTheFewestWrites() {
        createSamples();
        MeterRegistry registry = new SimpleMeterRegistry();
        pusher(registry, fast());
        awaitAllPushed();
        long before = sim.stats().writes();

        ChangeSet change = engine.apply(List.of(webEndpointsChanged()));
        assertThat(change.changes()).isNotEmpty();
        write(change);

        awaitAllPushed();
        assertThat(sim.stats().writes() - before).as("per port: the new DNAT created, the old one deleted").isEqualTo(4);
        assertHolds(engine.translations().values());
        assertThat(registry.get(PusherMetrics.PROGRAMMING).tag("operation", "update").timer().count())
                .isEqualTo(engine.translations().size() + change.changes().size());
    }

    @Test
    void deletedTranslationsLoseTheirObjectsFirstThenTheirFinalizerEvenAcrossAnOutage() {
        Map<TranslationId, List<MidonetResource>> samples = createSamples();
        MeterRegistry registry = new SimpleMeterRegistry();
        pusher(registry, fast());
        awaitAllPushed();
        TranslationId pod = samples.keySet().stream().filter(id -> id.name().equals("pod.4.db-0")).findFirst().orElseThrow();
        UUID port = samples.get(pod).stream().filter(r -> r instanceof BridgePort).map(r -> ((BridgePort) r).id())
                .findFirst().orElseThrow();

        long before = sim.stats().writes();

        sim.faults().startOutage(Duration.ofSeconds(30));
        ChangeSet change = engine.apply(List.of(), List.of(new ObjectRef("Pod", "default", "db-0")));
        List<String> deleted = change.changes().stream().filter(ChangeSet.Change::deleted).map(c -> c.translation().name())
                .toList();
        assertThat(deleted).as("the Pod's one Translation, with its MAC and ARP entries").containsExactly(pod.name());
        assertThat(samples.get(pod)).hasSize(5);
        write(change);
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(events("TranslationDeletionError")).isNotEmpty());
        Translation waiting = get(pod.namespace(), pod.name());
        assertThat(waiting.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(waiting.getMetadata().getFinalizers()).containsExactly(Translation.FINALIZER);
        assertThat(sim.state().get(ResourceKind.PORT, port)).as("the pod's port, while MidoNet is down").isPresent();
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(PusherStatus.pushedCondition(get(pod.namespace(), pod.name())
                .getStatus()).getReason()).isEqualTo(PusherStatus.MIDONET_UNAVAILABLE));

        sim.faults().startOutage(Duration.ZERO);
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(translations())
                .noneMatch(tr -> deleted.contains(tr.getMetadata().getName())));
        assertThat(sim.state().get(ResourceKind.PORT, port)).as("the pod's port").isEmpty();
        awaitAllPushed();
        assertHolds(engine.translations().values());
        // MidoNet removes the binding with the port, not the bridge's MAC and ARP entries, nor the hairpin rule in
        // the node's chain
        assertThat(sim.stats().writes() - before).as("the port, the hairpin rule, the MAC and the ARP entry deleted")
                .isEqualTo(4);
        assertThat(sim.state().dump().toString()).doesNotContain("02:00:0a:01:02:1e", "10.1.2.30");
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(events("TranslationDeletionPushed")).hasSize(deleted.size()));
        assertThat(events("TranslationDeletionPushed")).hasSize(deleted.size())
                .allSatisfy(e -> assertThat(e.getMessage()).isEqualTo("Translation Deletion pushed to the backend"))
                .extracting(e -> e.getInvolvedObject().getName()).containsExactlyInAnyOrderElementsOf(deleted);
        assertThat(events("TranslationDeletionError")).allSatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).startsWith("Translation Deletion failed with error ");
        });
        assertThat(registry.get(PusherMetrics.PROGRAMMING).tag("operation", "delete").timer().count()).isEqualTo(deleted.size());
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(gauge(registry, "pushed"))
                .isEqualTo(engine.translations().size()));
        assertThat(gauge(registry, "pending") + gauge(registry, "failed")).isZero();
    }

    @Test
    void aNewPodMacReplacesTheMacAndArpEntriesInThePodsTranslationWithFourWrites() {
        Map<TranslationId, List<MidonetResource>> samples = createSamples();
        pusher(new SimpleMeterRegistry(), fast());
        awaitAllPushed();
        long before = sim.stats().writes();
        ChangeSet change = engine.apply(List.of(dbWithMac("02:00:0a:01:02:99")));
        assertThat(change.changes()).as("the Pod's one Translation, updated").singleElement().satisfies(c -> {
            assertThat(c.translation().name()).isEqualTo("pod.4.db-0");
            assertThat(c.deleted()).isFalse();
        });
        assertThat(samples.keySet()).contains(change.changes().get(0).translation());
        write(change);

        awaitAllPushed();
        assertThat(sim.stats().writes() - before).as("the new MAC and ARP entries created, the old ones deleted").isEqualTo(4);
        assertHolds(engine.translations().values());
        String dump = sim.state().dump().toString();
        assertThat(dump).contains("02:00:0a:01:02:99").doesNotContain("02:00:0a:01:02:1e");
    }

    /**
     * From the earlier grouping (a Pod's MAC and ARP entries in Pod-MAC and Pod-ARP Translations of their own) to
     * one Translation per Pod, as the translation controller does it after an upgrade: the Pod's Translation is
     * rewritten first, then the other two are removed. The Pod's Translation claims the entries before their old
     * Translations go, so MidoNet keeps them throughout: no write.
     */
    @Test
    void anUpgradeFromPodMacAndArpTranslationsWritesNothingToMidonet() {
        engine.apply(samples());
        Map<TranslationId, List<MidonetResource>> now = engine.translations();
        TranslationId pod = now.keySet().stream().filter(id -> id.name().equals("pod.4.db-0")).findFirst().orElseThrow();
        List<MidonetResource> content = now.get(pod);
        MidonetResource mac = content.stream().filter(r -> r.kind() == ResourceKind.MAC_PORT).findFirst().orElseThrow();
        MidonetResource arp = content.stream().filter(r -> r.kind() == ResourceKind.IPV4_MAC_PAIR).findFirst().orElseThrow();
        TranslationId podMac = new TranslationId("default", Names.unversionedTranslationName("Pod-MAC",
                "db-0/mac/02000a01021e"), pod.owner());
        TranslationId podArp = new TranslationId("default",
                Names.unversionedTranslationName("Pod-ARP", "db-0/ip/10.1.2.30/02000a01021e"), pod.owner());
        Map<TranslationId, List<MidonetResource>> before = new TreeMap<>(now);
        before.put(pod, content.stream().filter(r -> r != mac && r != arp).toList());
        before.put(podMac, List.of(mac));
        before.put(podArp, List.of(arp));
        before.forEach((id, c) -> client.resources(Translation.class).inNamespace(id.namespace())
                .resource(TranslationRecords.of(id, c)).create());
        pusher(new SimpleMeterRegistry(), fast());
        awaitAllPushed();
        assertHolds(before.values());
        long writes = sim.stats().writes();

        client.resources(Translation.class).inNamespace("default").withName(pod.name()).edit(t -> {
            t.setResources(content.stream().map(BackendResource::of).toList());
            return t;
        });
        client.resources(Translation.class).inNamespace("default").withName(podMac.name()).delete();
        client.resources(Translation.class).inNamespace("default").withName(podArp.name()).delete();

        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(translations()).extracting(t -> t.getMetadata().getName())
                .doesNotContain(podMac.name(), podArp.name()));
        awaitAllPushed();
        assertThat(sim.stats().writes() - writes).as("MidoNet writes").isZero();
        assertHolds(now.values());
    }

    @ParameterizedTest(name = "MidoNet answering in {0} ms")
    @ValueSource(ints = {0, 100})
    void aDeletedServiceCostsOneWritePerChainSinceTheRulesGoWithTheChains(int latencyMillis) {
        createSamples();
        pusher(new SimpleMeterRegistry(), fast());
        awaitAllPushed();
        sim.faults().setLatencyMillis(latencyMillis);
        long before = sim.stats().writes();

        ChangeSet change = engine.apply(List.of(), List.of(new ObjectRef("Service", "default", "web")));
        assertThat(change.changes()).as("the Service's one Translation").hasSize(1).allMatch(ChangeSet.Change::deleted);
        write(change);

        awaitGone(change);
        assertThat(sim.stats().writes() - before).as("the two port chains deleted; their rules and the jumps into them with them")
                .isEqualTo(2);
        awaitAllPushed();
        assertHolds(engine.translations().values());
        assertThat(sim.state().dump().toString()).as("no rule for web's ClusterIP left").doesNotContain("10.96.12.34");
    }

    /** Rules that spread a Service over several Translations, whose rules MidoNet deletes with another's chains. */
    @ParameterizedTest(name = "MidoNet answering in {0} ms")
    @ValueSource(ints = {0, 100})
    void aServiceSpreadOverTranslationsIsDeletedWithOneWritePerChainToo(int latencyMillis) throws Exception {
        engine.close();
        engine = new TranslationEngine(RuleBase.compile(RuleSource.overlay(RuleSource.builtIn(),
                RuleSource.fromDirectory(Path.of("examples/rules/original-endpoints")))), "midonetkube");
        createSamples();
        pusher(new SimpleMeterRegistry(), fast());
        awaitAllPushed();
        // slow answers keep the port chains' deletion in flight while other workers take the endpoints' Translations
        sim.faults().setLatencyMillis(latencyMillis);
        long before = sim.stats().writes();

        ChangeSet change = engine.apply(List.of(), List.of(new ObjectRef("Service", "default", "web")));
        assertThat(change.changes()).as("the Service's, one per port (2) and one per port and endpoint (2 x 2)").hasSize(7)
                .allMatch(ChangeSet.Change::deleted);
        write(change);

        awaitGone(change);
        assertThat(sim.stats().writes() - before)
                .as("two port chains and four endpoint chains deleted; the rules in them and the jumps into them with them")
                .isEqualTo(6);
        awaitAllPushed();
        assertHolds(engine.translations().values());
        assertThat(sim.state().dump().toString()).as("no rule for web's ClusterIP left").doesNotContain("10.96.12.34");
    }

    private void awaitGone(ChangeSet deletions) {
        List<String> names = deletions.changes().stream().map(c -> c.translation().name()).toList();
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(translations())
                .noneMatch(tr -> names.contains(tr.getMetadata().getName())));
    }

    @Test
    void aMidonetOutageIsSurvivedAndTheStateConvergesAfterIt() {
        Map<TranslationId, List<MidonetResource>> samples = createSamples();
        pusher(new SimpleMeterRegistry(), fast());
        awaitAllPushed();

        // 4 s rather than 30 s to keep the suite short; the retries are capped at 500 ms here, 30 s by default
        sim.faults().startOutage(Duration.ofSeconds(4));
        ChangeSet change = engine.apply(List.of(webEndpointsChanged()));
        write(change);
        String changed = change.changes().get(0).translation().name();
        await().atMost(CONVERGENCE).untilAsserted(() -> {
            Translation tr = client.resources(Translation.class).inNamespace("default").withName(changed).get();
            assertThat(PusherStatus.pushedCondition(tr.getStatus()).getReason()).isEqualTo(PusherStatus.MIDONET_UNAVAILABLE);
        });
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(events("TranslationUpdateError")).isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).startsWith("Translation Update failed with error ");
                }));

        await().atMost(CONVERGENCE).until(() -> !sim.faults().outageActive());
        awaitAllPushed();
        assertHolds(engine.translations().values());
        assertThat(engine.translations()).hasSameSizeAs(samples);
    }

    @Test
    void theResyncPutsBackWhatWasDeletedOrChangedBehindOurBack() {
        Map<TranslationId, List<MidonetResource>> samples = createSamples();
        MeterRegistry registry = new SimpleMeterRegistry();
        Pusher pusher = pusher(registry, fast());
        awaitAllPushed();
        Chain chain = (Chain) samples.entrySet().stream().filter(e -> e.getKey().name().equals("service.4.web"))
                .flatMap(e -> e.getValue().stream()).filter(r -> r instanceof Chain).findFirst().orElseThrow();
        Bridge bridge = (Bridge) samples.values().stream().flatMap(List::stream).filter(r -> r instanceof Bridge).findFirst()
                .orElseThrow();
        long rulesInChain = samples.values().stream().flatMap(List::stream)
                .filter(r -> r instanceof ChainRule rule && rule.chainId().equals(chain.id())).count();
        assertThat(midonet.delete(chain)).isTrue(); // MidoNet deletes its rules and the jumps to it too
        midonet.update(new Bridge(bridge.id(), "renamed behind our back", bridge.tenantId(), bridge.inboundFilterId()));
        Chain otherPort = (Chain) samples.entrySet().stream().filter(e -> e.getKey().name().equals("service.4.web"))
                .flatMap(e -> e.getValue().stream()).filter(r -> r instanceof Chain && !r.equals(chain))
                .findFirst().orElseThrow();
        ChainRule stray = ChainRule.dnat(otherPort.id(), UUID.randomUUID(), 1, ChainRule.Match.ipv4().toHost("10.96.12.34"),
                ChainRule.FlowAction.ACCEPT, List.of(ChainRule.NatTarget.to("10.9.9.9", 80)));
        midonet.create(stray); // in a chain of ours, held by no Translation

        DriftRepair.Report report = pusher.resync();

        assertHolds(samples.values());
        assertThat(midonet.get(stray)).as("the stray rule").isEmpty();
        assertThat(report.strayRulesDeleted()).isEqualTo(1);
        assertThat(report.failed()).isZero();
        assertThat(report.repairsByKind()).containsEntry("Chain", 1L).containsEntry("Bridge", 1L);
        assertThat(report.repairsByKind().get("Rule")).isGreaterThanOrEqualTo(rulesInChain + 1); // the jumps too
        assertThat(counter(registry, "Chain")).isEqualTo(1);
        assertThat(counter(registry, "Bridge")).isEqualTo(1);
        assertThat(counter(registry, "Rule")).as("rules put back, and the stray one deleted")
                .isEqualTo(report.repairsByKind().get("Rule").doubleValue() + 1);
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(events("TranslationDriftRepaired"))
                .hasSize(report.repaired()));

        long writes = sim.stats().writes();
        long requests = sim.stats().requests();
        DriftRepair.Report again = pusher.resync();
        assertThat(again.drifted()).isZero();
        assertThat(again.straysDeleted()).isZero();
        assertThat(again.readRetries()).isZero();
        assertThat(again.checked()).isEqualTo(samples.size());
        assertThat(sim.stats().writes()).isEqualTo(writes);
        // chains, bridges, routers, rules, ports, routes, bindings, MAC and ARP entries from one listing of each collection;
        // the strays (rules, the router's routes, MAC and ARP entries) are found in the same listings, at no extra call
        Set<ResourceKind> listed = EnumSet.of(ResourceKind.CHAIN, ResourceKind.BRIDGE, ResourceKind.ROUTER, ResourceKind.RULE,
                ResourceKind.PORT, ResourceKind.ROUTE, ResourceKind.HOST_INTERFACE_PORT, ResourceKind.MAC_PORT,
                ResourceKind.IPV4_MAC_PAIR);
        List<MidonetResource> all = samples.values().stream().flatMap(List::stream).toList();
        Set<String> collections = new HashSet<>();
        all.stream().filter(r -> listed.contains(r.kind())).forEach(r -> collections.add(r.createPath()));
        all.stream().filter(r -> r instanceof Chain).forEach(c -> collections.add(c.itemPath() + "/rules"));
        long unlisted = all.stream().filter(r -> !listed.contains(r.kind())).count();
        assertThat(sim.stats().requests() - requests).as("a listing per collection, a read per other object")
                .isEqualTo(collections.size() + unlisted).isLessThan(all.size());
    }

    @Test
    void thePeriodicResyncRestoresAnObjectDeletedBehindOurBack() {
        Map<TranslationId, List<MidonetResource>> samples = createSamples();
        MeterRegistry registry = new SimpleMeterRegistry();
        pusher(registry, fast().withResyncPeriod(Duration.ofMillis(300)));
        awaitAllPushed();
        Bridge bridge = (Bridge) samples.values().stream().flatMap(List::stream).filter(r -> r instanceof Bridge).findFirst()
                .orElseThrow();

        midonet.delete(bridge);
        assertThat(sim.state().get(ResourceKind.BRIDGE, bridge.id())).isEmpty();

        await().atMost(CONVERGENCE).untilAsserted(() -> assertHolds(samples.values()));
        assertThat(counter(registry, "Bridge")).isEqualTo(1);
    }

    @Test
    void aMalformedTranslationIsMarkedFailedAndBlocksNoOther() throws Exception {
        Translation bad = new Translation();
        bad.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName("bad")
                .withFinalizers(Translation.FINALIZER).build());
        bad.setResources(List.of(new BackendResource("Chain", "", "{\"id\": \"not a uuid\"}")));
        client.resources(Translation.class).inNamespace("default").resource(bad).create();
        Map<TranslationId, List<MidonetResource>> samples = createSamples();
        MeterRegistry registry = new SimpleMeterRegistry();
        Pusher pusher = pusher(registry, fast());

        await().atMost(CONVERGENCE).untilAsserted(() -> {
            for (Translation tr : translations()) {
                if (!tr.getMetadata().getName().equals("bad")) {
                    assertThat(PusherStatus.pushedAt(tr, ContentHash.of(tr.getResources()))).as(Pusher.key(tr)).isTrue();
                }
            }
            Condition failed = PusherStatus.pushedCondition(get("default", "bad").getStatus());
            assertThat(failed).isNotNull();
            assertThat(failed.getStatus()).isEqualTo("False");
            assertThat(failed.getReason()).isEqualTo(PusherStatus.MALFORMED_RESOURCE);
            assertThat(failed.getMessage()).contains("resources[0] (Chain)");
        });
        assertHolds(samples.values());
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(events("TranslationUpdateError")).singleElement()
                .satisfies(e -> assertThat(e.getInvolvedObject().getName()).isEqualTo("bad")));
        await().atMost(CONVERGENCE).until(pusher::idle);
        assertThat(pusher.counts()).isEqualTo(new Pusher.Counts(samples.size(), 1, 0));
        assertThat(gauge(registry, "failed")).isEqualTo(1);

        // not retried until it changes, by this pusher nor by the next one
        Thread.sleep(300);
        assertThat(events("TranslationUpdateError")).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
        pusher.close();
        sim.resetStats();
        Pusher restarted = pusher(new SimpleMeterRegistry(), fast());
        await().atMost(CONVERGENCE).until(restarted::idle);
        Thread.sleep(300);
        assertThat(restarted.counts()).isEqualTo(new Pusher.Counts(samples.size(), 1, 0));
        assertThat(sim.stats().requests()).isZero();
        assertThat(events("TranslationUpdateError")).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));

        // changed while no pusher ran, then pushed
        restarted.close();
        Chain fixed = new Chain(UUID.randomUUID(), "fixed", "midonetkube");
        client.resources(Translation.class).inNamespace("default").withName("bad").edit(t -> {
            t.setResources(List.of(BackendResource.of(fixed)));
            return t;
        });
        pusher(new SimpleMeterRegistry(), fast());
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(PusherStatus.pushedAt(get("default", "bad"),
                ContentHash.of(List.of(BackendResource.of(fixed))))).isTrue());
        assertThat(midonet.get(fixed)).isPresent();
    }

    @Test
    void aTranslationWaitingForAnothersObjectIsReportedAfterTheGraceAndPushedOnceItComes() {
        Chain filter = new Chain(UUID.randomUUID(), "filter", "midonetkube");
        Bridge bridge = new Bridge(UUID.randomUUID(), "b", "midonetkube", filter.id());
        pusher(new SimpleMeterRegistry(), fast().withReferentGrace(Duration.ofMillis(300)));
        client.resources(Translation.class).inNamespace("default").resource(translation("bridge", bridge)).create();

        await().atMost(CONVERGENCE).untilAsserted(() -> {
            Condition c = PusherStatus.pushedCondition(get("default", "bridge").getStatus());
            assertThat(c).isNotNull();
            assertThat(c.getReason()).isEqualTo(PusherStatus.REFERENT_MISSING);
            assertThat(c.getMessage()).contains("There is no Chain with ID " + filter.id());
        });
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(events("TranslationUpdateError")).isNotEmpty());

        client.resources(Translation.class).inNamespace("default").resource(translation("filter", filter)).create();
        awaitAllPushed();
        assertHolds(List.of(List.of(filter, bridge)));
    }

    // ---- helpers ----

    private static Translation translation(String name, MidonetResource... content) {
        Translation tr = new Translation();
        tr.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName(name)
                .withFinalizers(Translation.FINALIZER).build());
        tr.setResources(Arrays.stream(content).map(BackendResource::of).toList());
        return tr;
    }

    private static PusherOptions fast() {
        return PusherOptions.defaults()
                .withCallBackoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 4, d -> Thread.sleep(d.toMillis())))
                .withRetry(Duration.ofMillis(100), Duration.ofMillis(500))
                .withResyncPeriod(Duration.ZERO);
    }

    private Pusher pusher(MeterRegistry registry, PusherOptions options) {
        Pusher pusher = new Pusher(client, midonet, registry, options);
        pushers.add(pusher);
        pusher.start();
        return pusher;
    }

    private static MidonetClient client(MidonetSim sim) {
        return new MidonetClient(MidonetClientConfig.of(sim.apiUri()).withCredentials("admin", "admin", null)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)), new SimpleMeterRegistry());
    }

    private static List<HasMetadata> samples() {
        ManifestReader.Result read = ManifestReader.read(List.of("samples/"), System.in);
        assertThat(read.problems()).isEmpty();
        return read.objects();
    }

    /** Translates samples/ and creates its Translations (the mock server drops their status). */
    private Map<TranslationId, List<MidonetResource>> createSamples() {
        engine.apply(samples());
        Map<TranslationId, List<MidonetResource>> translations = engine.translations();
        translations.forEach((id, content) -> client.resources(Translation.class).inNamespace(id.namespace())
                .resource(TranslationRecords.of(id, content)).create());
        return translations;
    }

    /** What the translating controller would write for a change set: creates, edits (JSON Patch) and deletes. */
    private void write(ChangeSet changes) {
        for (ChangeSet.Change c : PushOrder.changes(changes.changes())) {
            var resource = client.resources(Translation.class).inNamespace(c.translation().namespace())
                    .withName(c.translation().name());
            if (c.deleted()) {
                resource.delete();
            } else if (resource.get() == null) {
                client.resources(Translation.class).inNamespace(c.translation().namespace())
                        .resource(TranslationRecords.of(c.translation(), c.content())).create();
            } else {
                List<BackendResource> content = c.content().stream().map(BackendResource::of).toList();
                resource.edit(t -> {
                    t.setResources(content);
                    return t;
                });
            }
        }
    }

    private static EndpointSlice webEndpointsChanged() {
        return webEndpoints("10.1.1.20", "10.1.2.20", "10.1.2.21");
    }

    private static EndpointSlice webEndpoints(String... addresses) {
        return K8s.slice("default", "web", "web-x7k2p", List.of(addresses), "http/TCP/8080", "https/TCP/8443");
    }

    /** The sample Pod db-0 (MAC 02:00:0a:01:02:1e) with another MAC. */
    private static Pod dbWithMac(String mac) {
        Pod db = samples().stream().filter(o -> o instanceof Pod && o.getMetadata().getName().equals("db-0"))
                .map(Pod.class::cast).findFirst().orElseThrow();
        assertThat(db.getMetadata().getAnnotations()).containsEntry("midonet.org/mac-address", "02:00:0a:01:02:1e");
        db.getMetadata().getAnnotations().put("midonet.org/mac-address", mac);
        return db;
    }

    private List<Translation> translations() {
        return client.resources(Translation.class).inAnyNamespace().list().getItems();
    }

    private Translation get(String namespace, String name) {
        return client.resources(Translation.class).inNamespace(namespace).withName(name).get();
    }

    private void awaitAllPushed() {
        await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            List<Translation> all = translations();
            assertThat(all).isNotEmpty();
            for (Translation tr : all) {
                assertThat(tr.getMetadata().getDeletionTimestamp()).as("%s being deleted", Pusher.key(tr)).isNull();
                assertThat(PusherStatus.pushedAt(tr, ContentHash.of(tr.getResources()))).as("%s pushed", Pusher.key(tr)).isTrue();
            }
        });
    }

    private List<Event> events(String reason) {
        return client.v1().events().inAnyNamespace().list().getItems().stream().filter(e -> reason.equals(e.getReason()))
                .toList();
    }

    private static double gauge(MeterRegistry registry, String condition) {
        return registry.get(PusherMetrics.TRANSLATIONS).tag("condition", condition).gauge().value();
    }

    private static double counter(MeterRegistry registry, String kind) {
        var counter = Search.in(registry).name(PusherMetrics.REPAIRS).tag("kind", kind).counter();
        return counter == null ? 0 : counter.count();
    }

    private static long objectCount(Map<TranslationId, List<MidonetResource>> translations) {
        return translations.values().stream().flatMap(List::stream).map(Identity::of).distinct().count();
    }

    /** Every desired object is in MidoNet as desired and nothing else is (MidoNet's own port routes aside). */
    private void assertHolds(Collection<List<MidonetResource>> translations) {
        MidonetAssertions.assertHolds(sim, midonet, translations);
    }
}

package org.midonet.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.midonet.model.Bridge;
import org.midonet.kube.midonet.model.BridgePort;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.ChainRule.FlowAction;
import org.midonet.kube.midonet.model.ChainRule.Match;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.HostInterfacePort;
import org.midonet.kube.midonet.model.MacPort;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.TunnelZone;
import org.midonet.kube.midonet.model.TunnelZoneHost;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;

/** The applier against the emulator: the samples cluster applied, changed and deleted, with write counts. */
class ChangeSetApplierTest {
    private static KieBase rules;
    private EmulatorFixture midonet;
    private TranslationEngine engine;

    @BeforeAll
    static void compileRules() {
        rules = RuleBase.builtIn();
    }

    @BeforeEach
    void start() throws Exception {
        midonet = EmulatorFixture.quiet();
        engine = new TranslationEngine(rules, "midonetkube");
    }

    @AfterEach
    void stop() {
        engine.close();
        midonet.close();
    }

    private int resourceCount() {
        return engine.translations().values().stream().mapToInt(List::size).sum();
    }

    @Test
    void appliesTheSamplesWithOneWritePerObjectAndNoneTheSecondTime() {
        BatchApplier.Outcome first = midonet.apply(engine.apply(EmulatorFixture.samples()));
        assertThat(first.failed()).isEmpty();
        assertThat(midonet.writes()).isEqualTo(resourceCount());
        assertThat(first.result().writes()).isEqualTo(resourceCount());
        midonet.assertHolds(engine.translations().values());

        long before = midonet.writes();
        BatchApplier.Outcome again = midonet.apply(engine.apply(EmulatorFixture.samples()));
        assertThat(again.applied()).isEmpty();
        assertThat(midonet.writes() - before).isZero();
    }

    @Test
    void aRestartThatKnowsNothingAdoptsEverythingWithoutWriting() {
        midonet.apply(engine.apply(EmulatorFixture.samples()));
        long before = midonet.writes();

        midonet.applied.clear();
        ChangeSetApplier fresh = new ChangeSetApplier(midonet.client, new ClaimRegistry(), EmulatorFixture.noWait());
        BatchApplier restarted = new BatchApplier(fresh, 4, EmulatorFixture.noWait());
        List<TranslationWork> all = new ArrayList<>();
        engine.translations().forEach((id, content) -> all.add(new TranslationWork(id.toString(), List.of(), content)));
        BatchApplier.Outcome outcome = restarted.apply(all);

        assertThat(outcome.failed()).isEmpty();
        assertThat(midonet.writes() - before).isZero();
        assertThat(outcome.result().adopted()).isEqualTo(resourceCount());
        midonet.assertHolds(engine.translations().values());
    }

    /** The two ports' DNATs are in two chains: each phase makes their writes side by side, and the result is the same. */
    @Test
    void anEndpointChangeWritesTheTwoChainsSideBySide() {
        midonet.apply(engine.apply(EmulatorFixture.samples()));
        long before = midonet.writes();
        ChangeSet change = engine.apply(List.of(webEndpointsChanged()));
        ChangeSet.Change web = change.changes().get(0);
        List<MidonetResource> last = new ArrayList<>(web.content());
        last.removeAll(web.added());
        last.addAll(web.removed());
        try (CountingPool pool = new CountingPool()) {
            ChangeSetApplier parallel = new ChangeSetApplier(midonet.client, new ClaimRegistry(), EmulatorFixture.noWait(), pool);

            ApplyResult result = parallel.apply(web.translation().toString(), last, web.content());

            assertThat(result.writes()).isEqualTo(4);
            assertThat(pool.tasks).as("one chain's creates, then one chain's deletes, beside the caller's").hasValue(2);
        }
        assertThat(midonet.writes() - before).isEqualTo(4);
        midonet.assertHolds(engine.translations().values());
    }

    @Test
    void aNewServicesChainsAreCreatedSideBySideAndItsRulesChainByChain() {
        midonet.apply(engine.apply(EmulatorFixture.samples()));
        ChangeSet added = engine.apply(List.of(
                K8s.service("default", "extra", "10.96.77.7", K8s.port("http", "TCP", 80), K8s.port("https", "TCP", 443)),
                K8s.slice("default", "extra", "extra-1", List.of("10.1.1.20"), "http/TCP/8080", "https/TCP/8443")));
        ChangeSet.Change extra = added.changes().stream().filter(c -> c.translation().name().equals("service.4.extra"))
                .findFirst().orElseThrow();
        try (CountingPool pool = new CountingPool()) {
            ChangeSetApplier parallel = new ChangeSetApplier(midonet.client, new ClaimRegistry(), EmulatorFixture.noWait(), pool);

            ApplyResult result = parallel.apply(extra.translation().toString(), List.of(), extra.content());

            assertThat(result.created()).isEqualTo(6);
            assertThat(pool.tasks).as("beside the caller: the second chain; then of the rules, two of the three chains' "
                    + "(the two jumps share KUBE-SERVICES, a DNAT in each port's chain)").hasValue(3);
        }
        midonet.assertHolds(engine.translations().values());
    }

    @Test
    void aGroupThatFailsLetsTheOthersFinishAndSaysWhatWasReached() {
        UUID a = UUID.randomUUID();
        UUID missing = UUID.randomUUID();
        Chain chainA = new Chain(a, "a", "t");
        midonet.client.create(chainA);
        ChainRule inA = ChainRule.reverseDnat(a, UUID.randomUUID(), 1, FlowAction.ACCEPT);
        ChainRule inMissing = ChainRule.reverseDnat(missing, UUID.randomUUID(), 1, FlowAction.ACCEPT);
        try (CountingPool pool = new CountingPool()) {
            ChangeSetApplier parallel = new ChangeSetApplier(midonet.client, new ClaimRegistry(), EmulatorFixture.noWait(), pool);

            ApplyException failure = catchThrowableOfType(
                    () -> parallel.apply("t/rules", List.of(), List.of(inA, inMissing)), ApplyException.class);

            assertThat(failure.getMessage()).contains(missing.toString());
            assertThat(failure.reached()).as("the other chain's rule was made").containsExactly(inA);
            assertThat(midonet.client.get(inA)).isPresent();
        }
    }

    /** web's EndpointSlice with a third ready endpoint: one DNAT replaced per port. */
    private static EndpointSlice webEndpointsChanged() {
        return K8s.slice("default", "web", "web-x7k2p", List.of("10.1.1.20", "10.1.2.20", "10.1.2.21"), "http/TCP/8080",
                "https/TCP/8443");
    }

    /** Runs the applier's side writes on one thread, counting them. */
    private static final class CountingPool implements Executor, AutoCloseable {
        final AtomicInteger tasks = new AtomicInteger();
        private final ExecutorService thread = Executors.newSingleThreadExecutor();

        @Override
        public void execute(Runnable task) {
            tasks.incrementAndGet();
            thread.execute(task);
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }

    @Test
    void anEndpointChangeReplacesTheDnatWithTwoWrites() {
        midonet.apply(engine.apply(EmulatorFixture.samples()));
        long before = midonet.writes();
        ChangeSet change = engine.apply(List.of(webEndpointsChanged()));

        BatchApplier.Outcome outcome = midonet.apply(change);

        assertThat(outcome.failed()).isEmpty();
        assertThat(midonet.writes() - before).as("per port: the new DNAT created, the old one deleted").isEqualTo(4);
        midonet.assertHolds(engine.translations().values());
    }

    @Test
    void deletingANodeRemovesItsObjectsWithTheFewestCalls() {
        midonet.apply(engine.apply(EmulatorFixture.samples()));
        List<HasMetadata> pods = EmulatorFixture.samples().stream()
                .filter(o -> o.getKind().equals("Pod") && "worker-2".equals(((Pod) o).getSpec().getNodeName()))
                .toList();
        List<ObjectRef> refs = new ArrayList<>();
        refs.add(new ObjectRef("Node", null, "worker-2"));
        pods.forEach(p -> refs.add(new ObjectRef("Pod", p.getMetadata().getNamespace(), p.getMetadata().getName())));
        long before = midonet.writes();

        BatchApplier.Outcome outcome = midonet.apply(engine.apply(List.of(), refs));

        assertThat(outcome.failed()).isEmpty();
        midonet.assertHolds(engine.translations().values());
        // the bridge (with its ports, bindings, MAC and ARP entries), the router port (with its routes and
        // link), the node's two chains (with their rules and the jumps to them) and its tunnel-zone membership
        assertThat(midonet.writes() - before).isEqualTo(5);
    }

    @Test
    void anObjectChangedBehindOurBackIsPutBackOnConflict() {
        Chain chain = new Chain(UUID.randomUUID(), "c", "t");
        Bridge wanted = new Bridge(UUID.randomUUID(), "wanted", "t", chain.id());
        midonet.client.create(chain);
        midonet.client.create(new Bridge(wanted.id(), "changed by someone", "t", null));

        ApplyResult result = midonet.applier.apply("default/x", List.of(), List.of(chain, wanted));

        assertThat(result).isEqualTo(new ApplyResult(0, 1, 0, 1));
        assertThat(midonet.client.get(wanted)).get().satisfies(b -> assertThat(b.path("name").asText()).isEqualTo("wanted"));
    }

    @Test
    void aDuplicateMacEntryIsAdoptedAfterMidonets500() {
        Bridge bridge = new Bridge(UUID.randomUUID(), "b", "t", null);
        BridgePort port = BridgePort.of(bridge.id(), UUID.randomUUID());
        MacPort mac = new MacPort(bridge.id(), "02:00:00:00:00:09", port.id());
        midonet.applier.apply("default/a", List.of(), List.of(bridge, port, mac));
        long before = midonet.writes();

        ApplyResult result = midonet.applier.apply("default/b", List.of(), List.of(mac));

        assertThat(result).isEqualTo(new ApplyResult(0, 0, 0, 1));
        assertThat(midonet.writes()).isEqualTo(before);
    }

    @Test
    void aRulePastTheEndOfItsChainIsAppended() {
        Chain chain = new Chain(UUID.randomUUID(), "c", "t");
        ChainRule second = ChainRule.literal(chain.id(), UUID.randomUUID(), ChainRule.Type.ACCEPT, 2, Match.ANY);
        ChainRule first = ChainRule.reverseDnat(chain.id(), UUID.randomUUID(), 1, FlowAction.ACCEPT);
        midonet.applier.apply("default/chain", List.of(), List.of(chain));

        midonet.applier.apply("default/second", List.of(), List.of(second));
        midonet.applier.apply("default/first", List.of(), List.of(first));

        assertThat(midonet.sim.state().ruleIds(chain.id())).containsExactly(first.id(), second.id());
    }

    @Test
    void anObjectAnotherTranslationStillClaimsIsNotDeleted() {
        Chain chain = new Chain(UUID.randomUUID(), "shared", "t");
        midonet.applier.apply("default/one", List.of(), List.of(chain));
        midonet.applier.apply("default/two", List.of(), List.of(chain));

        ApplyResult deleted = midonet.applier.apply("default/one", List.of(chain), List.<MidonetResource>of());
        assertThat(deleted.deleted()).isZero();
        assertThat(midonet.client.get(chain)).isPresent();

        midonet.applier.apply("default/two", List.of(chain), List.<MidonetResource>of());
        assertThat(midonet.client.get(chain)).isEmpty();
    }

    @Test
    void aPortBoundBeforeItsHostJoinsATunnelZoneIsBoundOnceItHas() {
        Bridge bridge = new Bridge(UUID.randomUUID(), "b", "t", null);
        BridgePort port = BridgePort.of(bridge.id(), UUID.randomUUID());
        UUID host = EmulatorFixture.SAMPLE_HOSTS.get(0).id();
        HostInterfacePort binding = new HostInterfacePort(host, port.id(), "veth0");
        TunnelZone zone = new TunnelZone(UUID.randomUUID(), "zone", "vxlan");
        TunnelZoneHost member = new TunnelZoneHost(zone.id(), host, "192.0.2.1");

        midonet.applier.apply("default/bridge", List.of(), List.of(bridge, port));
        BatchApplier.Outcome outcome = midonet.batch.apply(List.of(
                new TranslationWork("default/pod", List.of(), List.of(binding)),
                new TranslationWork("default/zone", List.of(), List.of(zone, member))));

        assertThat(outcome.failed()).isEmpty();
        assertThat(midonet.client.get(port)).get()
                .satisfies(p -> assertThat(p.path("interfaceName").asText()).isEqualTo("veth0"));
    }

    @Test
    void aTranslationWhoseReferentIsMissingFailsRetriablyAndResumesLater() {
        Chain filter = new Chain(UUID.randomUUID(), "filter", "t");
        Bridge bridge = new Bridge(UUID.randomUUID(), "b", "t", filter.id());
        BatchApplier.Outcome outcome = midonet.batch.apply(List.of(new TranslationWork("default/bridge", List.of(),
                List.of(bridge))));
        assertThat(outcome.failed()).containsOnlyKeys("default/bridge");
        assertThat(outcome.failed().get("default/bridge").retriable()).isTrue();
        assertThat(outcome.failed().get("default/bridge")).hasMessageContaining("There is no Chain with ID " + filter.id());

        outcome = midonet.batch.apply(List.of(new TranslationWork("default/bridge", List.of(), List.of(bridge)),
                new TranslationWork("default/filter", List.of(), List.of(filter))));
        assertThat(outcome.failed()).isEmpty();
        assertThat(midonet.client.get(bridge)).isPresent();
    }
}

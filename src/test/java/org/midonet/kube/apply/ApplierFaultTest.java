package org.midonet.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kie.api.KieBase;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.facts.FactMapper;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.HostInterfacePort;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.PortLink;
import org.midonet.kube.midonet.model.Route;
import org.midonet.kube.sim.SimOptions;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;

/**
 * Random sequences of cluster states, translated and applied while MidoNet fails 20% of calls, answers
 * 50 ms late, drops 5% of connections and expires tokens every second: after every step MidoNet holds
 * exactly the desired objects, and the writes that changed it are exactly the fewest needed.
 */
class ApplierFaultTest {
    private static final int STEPS = 6;
    private static KieBase rules;

    @BeforeAll
    static void compileRules() {
        rules = RuleBase.builtIn();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void everyStepEndsInTheDesiredStateWithTheFewestWrites(long seed) throws Exception {
        Random random = new Random(seed);
        SimOptions.Builder faults = SimOptions.builder().failRate(0.2).dropRate(0.05).latencyMillis(50)
                .tokenTtlSeconds(1).seed(seed);
        Backoff backoff = new Backoff(Duration.ofMillis(5), Duration.ofMillis(100), 12, d -> Thread.sleep(d.toMillis()));
        try (EmulatorFixture midonet = new EmulatorFixture(faults, backoff);
                TranslationEngine engine = new TranslationEngine(rules, "midonetkube")) {
            List<HasMetadata> universe = EmulatorFixture.samples();
            Map<ObjectRef, HasMetadata> present = new LinkedHashMap<>();
            List<HasMetadata> upserts = new ArrayList<>(universe);
            List<ObjectRef> deletes = List.of();
            universe.forEach(o -> present.put(FactMapper.refOf(o), o));
            for (int step = 0; step < STEPS; step++) {
                Map<String, MidonetResource> before = union(engine);
                ChangeSet changes = engine.apply(upserts, deletes);
                Map<String, MidonetResource> after = union(engine);
                long writesBefore = midonet.writes();

                applyUntilComplete(midonet, changes);

                midonet.sim.faults().clear();
                midonet.assertHolds(engine.translations().values());
                assertThat(midonet.writes() - writesBefore).as("writes in step %d", step)
                        .isEqualTo(fewestWrites(before, after));
                midonet.sim.faults().setFailRate(0.2);
                midonet.sim.faults().setDropRate(0.05);
                midonet.sim.faults().setLatencyMillis(50);
                midonet.sim.faults().setTokenTtlSeconds(1);

                upserts = new ArrayList<>();
                List<ObjectRef> nextDeletes = new ArrayList<>();
                mutate(random, universe, present, upserts, nextDeletes);
                deletes = nextDeletes;
            }
            assertThat(midonet.sim.stats().injectedFailures()).as("calls failed on purpose").isGreaterThan(20);
            assertThat(midonet.sim.stats().dropped()).as("connections dropped on purpose").isPositive();
            assertThat(midonet.sim.stats().logins()).as("logins after tokens expired").isGreaterThan(1);
        }
    }

    private static void applyUntilComplete(EmulatorFixture midonet, ChangeSet changes) {
        BatchApplier.Outcome outcome = midonet.apply(changes);
        for (int round = 0; !outcome.complete() && round < 10; round++) {
            Set<String> failed = outcome.failed().keySet();
            List<ChangeSet.Change> left = changes.changes().stream()
                    .filter(c -> failed.contains(c.translation().toString())).toList();
            outcome = midonet.apply(new ChangeSet(left, List.of()));
        }
        assertThat(outcome.failed()).as("Translations not applied").isEmpty();
    }

    /** Removes or brings back a few objects, and moves an endpoint of a slice. */
    private static void mutate(Random random, List<HasMetadata> universe, Map<ObjectRef, HasMetadata> present,
            List<HasMetadata> upserts, List<ObjectRef> deletes) {
        for (int i = 0; i < 3; i++) {
            HasMetadata object = universe.get(random.nextInt(universe.size()));
            ObjectRef ref = FactMapper.refOf(object);
            if (present.remove(ref) != null) {
                deletes.add(ref);
            } else {
                present.put(ref, object);
                upserts.add(object);
            }
        }
        List<HasMetadata> slices = present.values().stream().filter(o -> o instanceof EndpointSlice).toList();
        if (!slices.isEmpty()) {
            EndpointSlice slice = (EndpointSlice) slices.get(random.nextInt(slices.size()));
            String ip = "10.1." + random.nextInt(3) + "." + (100 + random.nextInt(50));
            EndpointSlice moved = new EndpointSliceBuilder(slice).editFirstEndpoint().withAddresses(ip).endEndpoint().build();
            present.put(FactMapper.refOf(moved), moved);
            upserts.remove(slice);
            deletes.remove(FactMapper.refOf(moved));
            upserts.add(moved);
        }
    }

    private static Map<String, MidonetResource> union(TranslationEngine engine) {
        Map<String, MidonetResource> all = new HashMap<>();
        engine.translations().values().forEach(content -> content.forEach(r -> all.put(Identity.of(r).toString(), r)));
        return all;
    }

    /**
     * The fewest writes from one set of objects to another: each new object created, each changed
     * updatable object put, each changed immutable one deleted and created, and each object gone deleted,
     * but for those MidoNet removes with another object gone (children of a deleted parent; routes, links
     * and bindings of a deleted port; jumps to a deleted chain).
     */
    static long fewestWrites(Map<String, MidonetResource> before, Map<String, MidonetResource> after) {
        long writes = 0;
        for (var entry : after.entrySet()) {
            MidonetResource old = before.get(entry.getKey());
            if (old == null) {
                writes++;
            } else if (!old.equals(entry.getValue())) {
                writes += entry.getValue().updatable() ? 1 : 2;
            }
        }
        Set<UUID> goneIds = new HashSet<>();
        List<MidonetResource> gone = new ArrayList<>();
        before.forEach((identity, r) -> {
            if (!after.containsKey(identity)) {
                gone.add(r);
                try {
                    goneIds.add(UUID.fromString(r.key()));
                } catch (IllegalArgumentException notAnId) {
                    // memberships, bindings, links and table entries are nobody's parent
                }
            }
        });
        for (MidonetResource r : gone) {
            boolean cascaded = r.parent() != null && goneIds.contains(r.parent())
                    || r instanceof Route route && goneIds.contains(route.nextHopPort())
                    || r instanceof PortLink link && (goneIds.contains(link.portId()) || goneIds.contains(link.peerId()))
                    || r instanceof HostInterfacePort binding && goneIds.contains(binding.portId())
                    || r instanceof ChainRule rule && rule.jumpChainId() != null && goneIds.contains(rule.jumpChainId());
            if (!cascaded) {
                writes++;
            }
        }
        return writes;
    }
}

package org.midonet.kube.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.midonet.kube.apply.Existing;
import org.midonet.kube.apply.Identity;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.ResourceKind;
import org.midonet.kube.midonet.model.RouterPort;
import org.midonet.kube.sim.MidonetSim;

/** Checks of what the emulator holds against what Translations want. */
public final class MidonetAssertions {
    private MidonetAssertions() {
    }

    /**
     * Every desired object is in MidoNet as desired, nothing else is (but the Local route MidoNet adds for
     * each router port), and the rules of each chain are in the order of their positions.
     */
    public static void assertHolds(MidonetSim sim, MidonetClient client, Collection<List<MidonetResource>> translations) {
        Map<String, MidonetResource> desired = new LinkedHashMap<>();
        translations.forEach(content -> content.forEach(r -> desired.put(Identity.of(r).toString(), r)));
        for (MidonetResource r : desired.values()) {
            assertThat(Existing.read(client, r)).as("%s in MidoNet", Identity.of(r)).hasValueSatisfying(actual ->
                    assertThat(Existing.matches(actual, r)).as("%s as desired: %s", Identity.of(r), actual).isTrue());
        }
        Map<ResourceKind, Long> expected = desired.values().stream()
                .collect(Collectors.groupingBy(MidonetResource::kind, Collectors.counting()));
        long routerPorts = desired.values().stream().filter(r -> r instanceof RouterPort).count();
        for (ResourceKind kind : ResourceKind.values()) {
            long wanted = expected.getOrDefault(kind, 0L) + (kind == ResourceKind.ROUTE ? routerPorts : 0);
            assertThat((long) sim.state().count(kind)).as("number of %s objects", kind.translationName()).isEqualTo(wanted);
        }
        Map<UUID, List<ChainRule>> byChain = desired.values().stream().filter(r -> r instanceof ChainRule)
                .map(r -> (ChainRule) r).collect(Collectors.groupingBy(ChainRule::chainId));
        byChain.forEach((chain, rules) -> {
            List<UUID> order = sim.state().ruleIds(chain);
            for (ChainRule a : rules) {
                for (ChainRule b : rules) {
                    if (a.position() < b.position()) {
                        assertThat(order.indexOf(a.id())).as("rule %s before %s in chain %s", a.id(), b.id(), chain)
                                .isLessThan(order.indexOf(b.id()));
                    }
                }
            }
        });
    }
}

package org.midonet.kube.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.ChainRule.FlowAction;
import org.midonet.kube.midonet.model.ChainRule.Match;
import org.midonet.kube.midonet.model.ChainRule.NatTarget;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.TranslationId;

/** What changes cost: the minimum MidoNet writes, the original's re-push calls, Translation writes. */
class ChangeCostTest {
    private static final UUID CHAIN = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final TranslationId SERVICE = new TranslationId("ns", "service.4.web", null);
    private static final TranslationId BACKENDS = new TranslationId("ns", "service-backends.4.web-http", null);

    private static Chain chain() {
        return new Chain(CHAIN, "KUBE-SVC-ns/web/http", "midonetkube");
    }

    private static ChainRule dnat(int id, String... ips) {
        return ChainRule.dnat(CHAIN, new UUID(0, id), 1, Match.ANY, FlowAction.CONTINUE,
                Arrays.stream(ips).map(ip -> NatTarget.to(ip, 8080)).toList());
    }

    @Test
    void aColdStartCreatesEveryObjectOnce() {
        ChangeCost cold = ChangeCost.cold(Map.of(SERVICE, List.of(chain()), BACKENDS, List.of(dnat(1, "10.1.0.3"))));
        assertThat(cold).isEqualTo(new ChangeCost(2, 2, 2, 2));
    }

    @Test
    void anEndpointChangeReplacesOneRule() {
        ChangeSet changes = new ChangeSet(List.of(new ChangeSet.Change(BACKENDS, List.of(dnat(2, "10.1.0.4")),
                List.of(dnat(1, "10.1.0.3")), List.of(dnat(2, "10.1.0.4")))), List.of());
        ChangeCost cost = ChangeCost.of(changes);
        assertThat(cost.translationsChanged()).isEqualTo(1);
        assertThat(cost.translationWrites()).isEqualTo(1);
        assertThat(cost.minimumWrites()).isEqualTo(2); // the new rule created, the old one deleted
        assertThat(cost.rePushCalls()).isEqualTo(1); // the original POSTs the Translation's content again
    }

    @Test
    void aDeletionCountsNothingMidoNetRemovesWithAParent() {
        List<MidonetResource> gone = List.of(chain());
        ChangeSet changes = new ChangeSet(List.of(
                new ChangeSet.Change(SERVICE, List.of(), gone, List.of()),
                new ChangeSet.Change(BACKENDS, List.of(), List.of(dnat(1, "10.1.0.3")), List.of())), List.of());
        ChangeCost cost = ChangeCost.of(changes);
        assertThat(cost.minimumWrites()).isEqualTo(1); // the chain; its rule goes with it
        assertThat(cost.translationWrites()).isEqualTo(4); // two deletes, two finalizer removals
        assertThat(cost.rePushCalls()).isEqualTo(2); // the original DELETEs every resource
        assertThat(cost.plus(ChangeCost.NONE)).isEqualTo(cost);
    }
}

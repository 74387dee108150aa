package org.midonet.kube.translate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.midonet.kube.translate.rules.RulesFixture.CLUSTER_ROUTER;
import static org.midonet.kube.translate.rules.RulesFixture.DEFAULT_TUNNEL_ZONE;
import static org.midonet.kube.translate.rules.RulesFixture.HAIRPIN_CHAIN;
import static org.midonet.kube.translate.rules.RulesFixture.HOST_1;
import static org.midonet.kube.translate.rules.RulesFixture.MAIN_CHAIN;
import static org.midonet.kube.translate.rules.RulesFixture.PRE_CHAIN;
import static org.midonet.kube.translate.rules.RulesFixture.SERVICES_CHAIN;
import static org.midonet.kube.translate.rules.RulesFixture.TENANT;
import static org.midonet.kube.translate.rules.RulesFixture.changedTranslations;
import static org.midonet.kube.translate.rules.RulesFixture.contentOf;
import static org.midonet.kube.translate.rules.RulesFixture.globalTranslation;
import static org.midonet.kube.translate.rules.RulesFixture.rulesOf;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.ChainRule.FlowAction;
import org.midonet.kube.midonet.model.ChainRule.Type;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.Router;
import org.midonet.kube.midonet.model.TunnelZone;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.Ids;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/** global.drl: what every cluster has, whatever its objects. */
class GlobalRulesTest extends EngineRulesTest {
    private static final TranslationId TUNNEL_ZONE = globalTranslation("tunnel-zone");
    private static final TranslationId CLUSTER_ROUTER_TRANSLATION = globalTranslation("cluster-router");
    private static final TranslationId CHAIN = globalTranslation("chain");

    // ---- Global: the default tunnel zone ----

    @Test
    void derivesTheDefaultTunnelZoneIntoItsOwnGlobalTranslation() {
        engine.apply(List.of());

        assertThat(contentOf(engine, TUNNEL_ZONE))
                .containsExactly(new TunnelZone(DEFAULT_TUNNEL_ZONE, "DefaultTunnelZone", "vxlan"));
        assertThat(TUNNEL_ZONE.global()).isTrue();
    }

    // ---- Global: the cluster router ----

    @Test
    void derivesTheClusterRouterOfTheTenant() {
        engine.apply(List.of());

        assertThat(contentOf(engine, CLUSTER_ROUTER_TRANSLATION))
                .containsExactly(new Router(CLUSTER_ROUTER, "ClusterRouter", TENANT));
    }

    @Test
    void givesAnotherTenantItsOwnRouterAndChainIds() {
        try (TranslationEngine other = new TranslationEngine(RulesFixture.kieBase(), "other-tenant")) {
            other.apply(List.of());
            UUID otherMain = Ids.forTenant("other-tenant").idForKey("midonet-global", "chain");

            assertThat(contentOf(other, CLUSTER_ROUTER_TRANSLATION))
                    .containsExactly(new Router(Ids.subId(otherMain, "Cluster Router"), "ClusterRouter", "other-tenant"));
            assertThat(otherMain).isNotEqualTo(MAIN_CHAIN);
            assertThat(RulesFixture.all(other, Chain.class)).extracting(Chain::tenantId).containsOnly("other-tenant");
        }
    }

    // ---- Global: KUBE-MAIN, KUBE-PRE, KUBE-SERVICES and KUBE-HAIRPIN ----

    @Test
    void derivesTheFourGlobalChainsAndTheirFiveRules() {
        engine.apply(List.of());

        List<MidonetResource> content = contentOf(engine, CHAIN);
        assertThat(content).hasSize(9);
        assertThat(RulesFixture.ofType(content, Chain.class)).containsExactlyInAnyOrder(
                new Chain(MAIN_CHAIN, "KUBE-MAIN", TENANT),
                new Chain(PRE_CHAIN, "KUBE-PRE", TENANT),
                new Chain(SERVICES_CHAIN, "KUBE-SERVICES", TENANT),
                new Chain(HAIRPIN_CHAIN, "KUBE-HAIRPIN", TENANT));
        assertThat(RulesFixture.ofType(content, ChainRule.class)).hasSize(5);
        // apply order: the chains exist before the rules that live in them or jump to them
        assertThat(content.subList(0, 4)).allMatch(r -> r instanceof Chain);
    }

    @Test
    void theHairpinChainIdIsASubIdOfKubeMain() {
        assertThat(RulesFixture.IDS.hairpinChain()).isEqualTo(Ids.subId(MAIN_CHAIN, "Hairpin Chain"))
                .isNotIn(MAIN_CHAIN, PRE_CHAIN, SERVICES_CHAIN, CLUSTER_ROUTER, DEFAULT_TUNNEL_ZONE);
    }

    @Test
    void kubeMainJumpsToKubePreThenToKubeServicesThenToKubeHairpin() {
        engine.apply(List.of());

        List<ChainRule> main = rulesOf(engine, MAIN_CHAIN);
        assertThat(main).hasSize(3);
        assertJumpWithoutCondition(main.get(0), Ids.subId(MAIN_CHAIN, "Jump To Pre"), 1, PRE_CHAIN);
        assertJumpWithoutCondition(main.get(1), Ids.subId(MAIN_CHAIN, "Jump To Services"), 2, SERVICES_CHAIN);
        assertJumpWithoutCondition(main.get(2), Ids.subId(MAIN_CHAIN, "Jump To Hairpin"), 3, HAIRPIN_CHAIN);
        // the Translation creates them in that order, too
        assertThat(RulesFixture.ofType(contentOf(engine, CHAIN), ChainRule.class))
                .filteredOn(r -> MAIN_CHAIN.equals(r.chainId())).containsExactlyElementsOf(main);
    }

    @Test
    void kubePreReversesTheHairpinSnatBeforeTheDnat() {
        engine.apply(List.of());

        List<ChainRule> pre = rulesOf(engine, PRE_CHAIN);
        assertThat(pre).extracting(ChainRule::id, ChainRule::type, ChainRule::position, ChainRule::flowAction)
                .containsExactly(
                        tuple(Ids.subId(MAIN_CHAIN, "Reverse SNAT"), Type.REV_SNAT, 1,
                                FlowAction.CONTINUE),
                        tuple(Ids.subId(MAIN_CHAIN, "Reverse DNAT"), Type.REV_DNAT, 2,
                                FlowAction.ACCEPT));
        assertThat(pre).allSatisfy(r -> {
            assertThat(r.match()).isEqualTo(ChainRule.Match.ANY);
            assertThat(r.natTargets()).isNull();
            assertThat(r.jumpChainId()).isNull();
        });
    }

    @Test
    void kubeServicesHasNoRulesOfItsOwnWithoutServices() {
        engine.apply(List.of());

        assertThat(rulesOf(engine, SERVICES_CHAIN)).isEmpty();
    }

    @Test
    void kubeHairpinHasNoRulesOfItsOwnWithoutNodes() {
        engine.apply(List.of());

        assertThat(rulesOf(engine, HAIRPIN_CHAIN)).isEmpty();
    }

    // ---- all three Translations: they exist from the first batch and depend on no object ----

    @Test
    void theFirstBatchAddsExactlyTheThreeGlobalTranslations() {
        ChangeSet changes = engine.apply(List.of());

        assertThat(changedTranslations(changes)).containsExactly(CHAIN, CLUSTER_ROUTER_TRANSLATION, TUNNEL_ZONE);
        assertThat(changes.removed()).isEmpty();
        assertThat(changes.added()).hasSize(9 + 1 + 1);
        assertThat(changes.changes()).allSatisfy(c -> assertThat(c.translation().owner()).isNull());
    }

    @Test
    void aSecondEmptyBatchChangesNothing() {
        engine.apply(List.of());

        assertThat(engine.apply(List.of()).isEmpty()).isTrue();
    }

    @Test
    void objectsComingAndGoingLeaveTheGlobalTranslationsAlone() {
        engine.apply(List.of());
        Map<TranslationId, List<MidonetResource>> before = RulesFixture.snapshot(engine);

        ChangeSet added = engine.apply(List.of(
                K8s.node("n1", "10.1.0.0/24", HOST_1),
                K8s.pod("default", "p1", "n1", "10.1.0.5", "aa:bb:cc:dd:ee:01"),
                K8s.service("default", "web", "10.96.0.20", K8s.port("http", "TCP", 80)),
                K8s.slice("default", "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080")));
        ChangeSet deleted = engine.apply(List.of(), List.of(
                new ObjectRef("Node", null, "n1"),
                new ObjectRef("Pod", "default", "p1"),
                new ObjectRef("Service", "default", "web"),
                new ObjectRef("EndpointSlice", "default", "web-1")));

        assertThat(changedTranslations(added)).isNotEmpty().noneMatch(TranslationId::global);
        assertThat(changedTranslations(deleted)).isNotEmpty().noneMatch(TranslationId::global);
        // the node's jump in KUBE-HAIRPIN came and went with the node's own Translation
        assertThat(added.added()).filteredOn(r -> r instanceof ChainRule rule && HAIRPIN_CHAIN.equals(rule.chainId()))
                .hasSize(1);
        assertThat(engine.translations()).isEqualTo(before);
    }

    private static void assertJumpWithoutCondition(ChainRule rule, UUID id, int position, UUID target) {
        assertThat(rule.id()).isEqualTo(id);
        assertThat(rule.chainId()).isEqualTo(MAIN_CHAIN);
        assertThat(rule.type()).isEqualTo(Type.JUMP);
        assertThat(rule.position()).isEqualTo(position);
        assertThat(rule.jumpChainId()).isEqualTo(target);
        assertThat(rule.match()).isEqualTo(ChainRule.Match.ANY);
        assertThat(rule.flowAction()).isNull();
        assertThat(rule.natTargets()).isNull();
    }
}

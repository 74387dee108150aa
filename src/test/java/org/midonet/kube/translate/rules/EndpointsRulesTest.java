package org.midonet.kube.translate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.testing.K8s.endpoint;
import static org.midonet.kube.translate.rules.RulesFixture.all;
import static org.midonet.kube.translate.rules.RulesFixture.changeOf;
import static org.midonet.kube.translate.rules.RulesFixture.changedTranslations;
import static org.midonet.kube.translate.rules.RulesFixture.contentOf;
import static org.midonet.kube.translate.rules.RulesFixture.ownedBy;
import static org.midonet.kube.translate.rules.RulesFixture.rulesOf;
import static org.midonet.kube.translate.rules.RulesFixture.serviceOwner;
import static org.midonet.kube.translate.rules.RulesFixture.servicePortChain;
import static org.midonet.kube.translate.rules.RulesFixture.serviceTranslation;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.midonet.Chain;
import org.midonet.kube.midonet.ChainRule;
import org.midonet.kube.midonet.ChainRule.FlowAction;
import org.midonet.kube.midonet.ChainRule.NatTarget;
import org.midonet.kube.midonet.ChainRule.PortRange;
import org.midonet.kube.midonet.MidonetResource;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.Ids;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/** endpoints.drl: which endpoints serve a Service port, the DNAT to them and the hairpin SNATs. */
class EndpointsRulesTest {
    private static final String NS = "team-a";
    private static final String CLUSTER_IP = "10.96.0.20";
    private static final UUID HTTP_CHAIN = servicePortChain(NS, "web", "http");
    private static final TranslationId HTTP_BACKENDS = backendsTranslation("web", "http");
    private static final TranslationId WEB = serviceTranslation("Service", NS, "web", "web");
    private static final TranslationId WEB_HTTP_JUMP = serviceTranslation("Service-Port", NS, "web",
            NS + "/web/http/" + CLUSTER_IP + "/6/80");

    private TranslationEngine engine;

    @BeforeEach
    void newEngine() {
        engine = RulesFixture.newEngine();
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    // ---- Endpoints: select the backends of each Service port ----

    @Test
    void dnatsOnlyToReadyEndpoints() {
        engine.apply(List.of(web(), K8s.sliceWith(NS, "web", "web-1", List.of(
                endpoint("10.1.0.5", true, true, false),
                endpoint("10.1.0.6", false, false, false),
                endpoint("10.1.0.7", false, true, true)), "http/TCP/8080")));

        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080));
    }

    @Test
    void dnatsToServingTerminatingEndpointsWhenNoneIsReady() {
        engine.apply(List.of(web(), K8s.sliceWith(NS, "web", "web-1", List.of(
                endpoint("10.1.0.6", false, false, false),
                endpoint("10.1.0.7", false, true, true),
                endpoint("10.1.0.8", false, false, true),
                endpoint("10.1.0.9", false, true, false)), "http/TCP/8080")));

        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.7", 8080));
    }

    @Test
    void derivesNoBackendsWhenNoEndpointIsReadyOrServingWhileTerminating() {
        engine.apply(List.of(web(), K8s.sliceWith(NS, "web", "web-1", List.of(
                endpoint("10.1.0.6", false, false, false),
                endpoint("10.1.0.8", false, false, true)), "http/TCP/8080")));

        assertThat(engine.translations()).doesNotContainKey(HTTP_BACKENDS).containsKeys(WEB, WEB_HTTP_JUMP);
        assertThat(rulesOf(engine, HTTP_CHAIN)).isEmpty();
    }

    @Test
    void aReadyEndpointInOneSliceOutranksTerminatingOnesInAnother() {
        engine.apply(List.of(web(),
                K8s.sliceWith(NS, "web", "web-old", List.of(endpoint("10.1.0.7", false, true, true)), "http/TCP/8080"),
                K8s.slice(NS, "web", "web-new", List.of("10.2.0.5"), "http/TCP/8080")));

        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.2.0.5", 8080));
    }

    @Test
    void mergesTheEndpointsOfAllSlicesOfTheServiceInAddressOrder() {
        engine.apply(List.of(web(),
                K8s.slice(NS, "web", "web-1", List.of("10.2.0.5"), "http/TCP/8080"),
                K8s.slice(NS, "web", "web-2", List.of("10.1.0.10", "10.1.0.5"), "http/TCP/8080")));

        assertThat(rulesOf(engine, HTTP_CHAIN)).filteredOn(r -> r.type() == ChainRule.Type.DNAT).hasSize(1);
        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(
                target("10.1.0.5", 8080), target("10.1.0.10", 8080), target("10.2.0.5", 8080));
    }

    @Test
    void deletingOneSliceKeepsTheBackendsOfTheOthers() {
        engine.apply(List.of(web(),
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080"),
                K8s.slice(NS, "web", "web-2", List.of("10.2.0.5"), "http/TCP/8080")));
        ChainRule before = dnat(HTTP_CHAIN);

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("EndpointSlice", NS, "web-2")));

        assertThat(changedTranslations(changes)).containsExactly(HTTP_BACKENDS);
        assertThat(changes.removed()).containsExactlyInAnyOrder(before, hairpin(HTTP_CHAIN, "10.2.0.5"));
        assertThat(changes.added()).singleElement().isEqualTo(dnat(HTTP_CHAIN));
        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080));
        assertThat(contentOf(engine, HTTP_BACKENDS)).contains(hairpin(HTTP_CHAIN, "10.1.0.5"));
    }

    @Test
    void takesTheReadyAddressesOfV1Endpoints() {
        Endpoints endpoints = new EndpointsBuilder(K8s.endpoints(NS, "web", List.of("10.1.0.5", "10.1.0.6"),
                "http/TCP/8080")).editFirstSubset().addNewNotReadyAddress().withIp("10.1.0.7").endNotReadyAddress()
                .endSubset().build();

        engine.apply(List.of(web(), endpoints));

        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080), target("10.1.0.6", 8080));
        assertThat(hairpinAddresses(HTTP_CHAIN)).containsExactlyInAnyOrder("10.1.0.5", "10.1.0.6");
    }

    @Test
    void derivesNoBackendsFromV1EndpointsWithOnlyNotReadyAddresses() {
        Endpoints endpoints = new EndpointsBuilder(K8s.endpoints(NS, "web", List.of(), "http/TCP/8080"))
                .editFirstSubset().addNewNotReadyAddress().withIp("10.1.0.7").endNotReadyAddress().endSubset().build();

        engine.apply(List.of(web(), endpoints));

        assertThat(engine.translations()).doesNotContainKey(HTTP_BACKENDS);
    }

    @Test
    void deletingV1EndpointsRemovesTheirBackends() {
        engine.apply(List.of(web(), K8s.endpoints(NS, "web", List.of("10.1.0.5"), "http/TCP/8080")));

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("Endpoints", NS, "web")));

        assertThat(changedTranslations(changes)).containsExactly(HTTP_BACKENDS);
        assertThat(changeOf(changes, HTTP_BACKENDS).deleted()).isTrue();
    }

    @Test
    void mergesTheSubsetsOfV1Endpoints() {
        Endpoints endpoints = new EndpointsBuilder(K8s.endpoints(NS, "web", List.of("10.1.0.5"), "http/TCP/8080"))
                .addNewSubset().addNewAddress().withIp("10.2.0.5").endAddress()
                .addNewPort().withName("http").withProtocol("TCP").withPort(8081).endPort().endSubset().build();

        engine.apply(List.of(web(), endpoints));

        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080), target("10.2.0.5", 8081));
    }

    @Test
    void matchesAnUnnamedServicePortWithTheUnnamedEndpointPort() {
        UUID unnamedChain = servicePortChain(NS, "web", "");
        engine.apply(List.of(K8s.service(NS, "web", CLUSTER_IP, K8s.port(null, "TCP", 80)),
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "/TCP/8080")));

        assertThat(dnat(unnamedChain).natTargets()).containsExactly(target("10.1.0.5", 8080));
        assertThat(engine.translations()).containsKey(backendsTranslation("web", ""));
    }

    @Test
    void givesEachServicePortTheBackendsOfItsOwnEndpointPort() {
        Service service = K8s.service(NS, "web", CLUSTER_IP, K8s.port("http", "TCP", 80), K8s.port("metrics", "TCP", 9090));
        engine.apply(List.of(service,
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080", "metrics/TCP/9100")));

        UUID metricsChain = servicePortChain(NS, "web", "metrics");
        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080));
        assertThat(dnat(metricsChain).natTargets()).containsExactly(target("10.1.0.5", 9100));
        assertThat(dnat(metricsChain).tpDst()).isEqualTo(PortRange.of(9090));
        assertThat(contentOf(engine, backendsTranslation("web", "metrics"))).allMatch(r -> metricsChain.equals(r.parent()));
        assertThat(dnat(HTTP_CHAIN).id()).isNotEqualTo(dnat(metricsChain).id());
    }

    @Test
    void ignoresAnEndpointPortOfTheSameNameButAnotherProtocol() {
        engine.apply(List.of(K8s.service(NS, "web", CLUSTER_IP, K8s.port("dns", "UDP", 53)),
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "dns/TCP/53")));

        assertThat(engine.translations()).doesNotContainKey(backendsTranslation("web", "dns"));
        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).hasSize(2); // chain and jump only
    }

    @Test
    void ignoresTheEndpointsOfAServiceOfTheSameNameInAnotherNamespace() {
        engine.apply(List.of(web(), K8s.slice("team-b", "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080")));

        assertThat(engine.translations()).doesNotContainKey(HTTP_BACKENDS);
        assertThat(all(engine, ChainRule.class)).noneMatch(r -> r.type() == ChainRule.Type.DNAT);
    }

    @Test
    void endpointsWithoutTheirServiceDeriveNothingUntilTheServiceArrives() {
        ChangeSet first = engine.apply(List.of(K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080")));
        assertThat(changedTranslations(first)).allMatch(TranslationId::global);

        ChangeSet changes = engine.apply(List.of(web()));

        assertThat(changedTranslations(changes)).contains(HTTP_BACKENDS);
        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080));
    }

    @Test
    void aServiceWithoutEndpointsHasItsChainAndJumpButNoBackends() {
        engine.apply(List.of(web()));

        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).containsOnlyKeys(WEB, WEB_HTTP_JUMP);
        assertThat(contentOf(engine, WEB)).containsExactly(new Chain(HTTP_CHAIN, "KUBE-SVC-team-a/web/http", "midonetkube"));
        assertThat(rulesOf(engine, HTTP_CHAIN)).isEmpty();
    }

    // ---- Endpoints: DNAT new connections to any backend ----

    @Test
    void dnatsNewConnectionsToTheClusterIpAndPortToAnyBackendAndContinues() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.2.0.5"), "http/TCP/8080")));

        ChainRule dnat = dnat(HTTP_CHAIN);
        assertThat(dnat.chainId()).isEqualTo(HTTP_CHAIN);
        assertThat(dnat.position()).isEqualTo(1);
        assertThat(dnat.match()).isEqualTo(new ChainRule.Match(ChainRule.IPV4, null, null, CLUSTER_IP, 32, 6,
                PortRange.of(80)));
        assertThat(dnat.flowAction()).isEqualTo(FlowAction.CONTINUE);
        assertThat(dnat.natTargets()).containsExactly(target("10.1.0.5", 8080), target("10.2.0.5", 8080));
        assertThat(dnat.jumpChainId()).isNull();
        assertThat(contentOf(engine, HTTP_BACKENDS)).contains(dnat);
        assertThat(HTTP_BACKENDS.owner()).isEqualTo(serviceOwner(NS, "web"));
    }

    @Test
    void matchesTheServicePortsProtocolInTheDnat() {
        engine.apply(List.of(K8s.service(NS, "web", CLUSTER_IP, K8s.port("dns", "UDP", 53), K8s.port("sig", "SCTP", 3868)),
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "dns/UDP/5353", "sig/SCTP/3868")));

        assertThat(dnat(servicePortChain(NS, "web", "dns")).nwProto()).isEqualTo(17);
        assertThat(dnat(servicePortChain(NS, "web", "sig")).nwProto()).isEqualTo(132);
        assertThat(dnat(servicePortChain(NS, "web", "dns")).natTargets()).containsExactly(target("10.1.0.5", 5353));
    }

    @Test
    void theDnatIdDependsOnTheTargetSetNotOnHowTheSlicesListIt() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.2.0.5"), "http/TCP/8080")));
        UUID id = dnat(HTTP_CHAIN).id();

        try (TranslationEngine other = RulesFixture.newEngine()) {
            other.apply(List.of(web(),
                    K8s.slice(NS, "web", "a", List.of("10.2.0.5"), "http/TCP/8080"),
                    K8s.slice(NS, "web", "b", List.of("10.1.0.5"), "http/TCP/8080")));
            assertThat(rulesOf(other, HTTP_CHAIN).get(0).id()).isEqualTo(id);
        }
        assertThat(id.version()).isEqualTo(5);
    }

    @Test
    void aChangedEndpointSetYieldsADnatWithANewIdAndRemovesTheOldOne() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080")));
        ChainRule old = dnat(HTTP_CHAIN);

        ChangeSet changes = engine.apply(List.of(
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.6"), "http/TCP/8080")));

        ChainRule replacement = dnat(HTTP_CHAIN);
        assertThat(replacement.id()).isNotEqualTo(old.id());
        assertThat(changedTranslations(changes)).containsExactly(HTTP_BACKENDS);
        assertThat(changes.removed()).containsExactly(old);
        assertThat(changes.added()).containsExactlyInAnyOrder(replacement, hairpin(HTTP_CHAIN, "10.1.0.6"));
        assertThat(rulesOf(engine, HTTP_CHAIN)).filteredOn(r -> r.type() == ChainRule.Type.DNAT).containsExactly(replacement);
    }

    @Test
    void aNewTargetPortYieldsADnatWithANewId() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080")));
        ChainRule old = dnat(HTTP_CHAIN);

        ChangeSet changes = engine.apply(List.of(K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8081")));

        assertThat(changes.removed()).containsExactly(old);
        assertThat(changes.added()).singleElement().satisfies(r -> {
            assertThat(((ChainRule) r).id()).isNotEqualTo(old.id());
            assertThat(((ChainRule) r).natTargets()).containsExactly(target("10.1.0.5", 8081));
        });
    }

    @Test
    void anEndpointThatStopsBeingReadyLeavesTheDnat() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.6"), "http/TCP/8080")));

        engine.apply(List.of(K8s.sliceWith(NS, "web", "web-1", List.of(
                endpoint("10.1.0.5", true, true, false),
                endpoint("10.1.0.6", false, false, false)), "http/TCP/8080")));

        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080));
        assertThat(hairpinAddresses(HTTP_CHAIN)).containsExactly("10.1.0.5");
    }

    @Test
    void reUpsertingAnUnchangedSliceChangesNothing() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.6"), "http/TCP/8080")));

        ChangeSet same = engine.apply(List.of(K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.6"),
                "http/TCP/8080")));
        ChangeSet reordered = engine.apply(List.of(K8s.slice(NS, "web", "web-1", List.of("10.1.0.6", "10.1.0.5"),
                "http/TCP/8080")));

        assertThat(same.isEmpty()).isTrue();
        assertThat(reordered.isEmpty()).isTrue();
    }

    @Test
    void deletingTheLastSliceRemovesTheBackendsButNotTheChainOrJump() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080")));
        List<MidonetResource> backends = contentOf(engine, HTTP_BACKENDS);

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("EndpointSlice", NS, "web-1")));

        assertThat(changedTranslations(changes)).containsExactly(HTTP_BACKENDS);
        assertThat(changeOf(changes, HTTP_BACKENDS).deleted()).isTrue();
        assertThat(changes.removed()).containsExactlyInAnyOrderElementsOf(backends);
        assertThat(engine.translations()).containsKeys(WEB, WEB_HTTP_JUMP);
    }

    @Test
    void deletingTheServiceRemovesItsBackendsWhileItsSlicesRemain() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080"),
                K8s.service(NS, "db", "10.96.0.30", K8s.port("pg", "TCP", 5432)),
                K8s.slice(NS, "db", "db-1", List.of("10.1.0.9"), "pg/TCP/5432")));
        Map<TranslationId, List<MidonetResource>> webBefore = ownedBy(engine, serviceOwner(NS, "web"));
        Map<TranslationId, List<MidonetResource>> dbBefore = ownedBy(engine, serviceOwner(NS, "db"));

        ChangeSet deleted = engine.apply(List.of(), List.of(new ObjectRef("Service", NS, "web")));

        assertThat(changedTranslations(deleted)).containsExactlyInAnyOrder(WEB, WEB_HTTP_JUMP, HTTP_BACKENDS);
        assertThat(ownedBy(engine, serviceOwner(NS, "db"))).isEqualTo(dbBefore);

        engine.apply(List.of(web()));

        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).isEqualTo(webBefore);
    }

    // ---- Endpoints: SNAT a pod's connection to itself to the ClusterIP ----

    @Test
    void snatsAConnectionFromABackendToItselfToTheClusterIp() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.2.0.5"), "http/TCP/8080")));

        List<ChainRule> snats = rulesOf(engine, HTTP_CHAIN).stream().filter(r -> r.type() == ChainRule.Type.SNAT).toList();
        assertThat(snats).containsExactlyInAnyOrder(hairpin(HTTP_CHAIN, "10.1.0.5"), hairpin(HTTP_CHAIN, "10.2.0.5"));
        assertThat(contentOf(engine, HTTP_BACKENDS)).containsAll(snats).hasSize(3);
    }

    @Test
    void derivesOneHairpinRulePerAddressEvenWithSeveralTargetPorts() {
        engine.apply(List.of(web(),
                K8s.slice(NS, "web", "web-a", List.of("10.1.0.5"), "http/TCP/8080"),
                K8s.slice(NS, "web", "web-b", List.of("10.1.0.5"), "http/TCP/8081")));

        assertThat(dnat(HTTP_CHAIN).natTargets()).containsExactly(target("10.1.0.5", 8080), target("10.1.0.5", 8081));
        assertThat(hairpinAddresses(HTTP_CHAIN)).containsExactly("10.1.0.5");
    }

    @Test
    void theDnatComesFirstInThePortChainAndEveryHairpinSnatAfterIt() {
        engine.apply(List.of(web(),
                K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.6", "10.2.0.5"), "http/TCP/8080")));

        List<ChainRule> chain = rulesOf(engine, HTTP_CHAIN);
        assertThat(chain).hasSize(4);
        assertThat(chain.get(0).type()).isEqualTo(ChainRule.Type.DNAT);
        assertThat(chain.get(0).position()).isEqualTo(1);
        assertThat(chain.subList(1, 4)).allSatisfy(r -> {
            assertThat(r.type()).isEqualTo(ChainRule.Type.SNAT);
            assertThat(r.position()).isEqualTo(2);
        });
        // the Translation creates them in that order, too
        assertThat(contentOf(engine, HTTP_BACKENDS).get(0)).isEqualTo(chain.get(0));
    }

    @Test
    void aHairpinRuleStaysWhileItsEndpointStaysAndGoesWithIt() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.6"), "http/TCP/8080")));

        ChangeSet changes = engine.apply(List.of(K8s.slice(NS, "web", "web-1", List.of("10.1.0.5", "10.1.0.7"),
                "http/TCP/8080")));

        assertThat(changes.removed()).contains(hairpin(HTTP_CHAIN, "10.1.0.6"))
                .doesNotContain(hairpin(HTTP_CHAIN, "10.1.0.5"));
        assertThat(changes.added()).contains(hairpin(HTTP_CHAIN, "10.1.0.7"))
                .doesNotContain(hairpin(HTTP_CHAIN, "10.1.0.5"));
        assertThat(hairpinAddresses(HTTP_CHAIN)).containsExactlyInAnyOrder("10.1.0.5", "10.1.0.7");
    }

    // ---- the hairpin rules of a port with many endpoints are spread over several Translations ----

    @Test
    void keepsUpTo256HairpinRulesWithTheDnatInTheBackendsTranslation() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", addresses(256), "http/TCP/8080")));

        List<MidonetResource> backends = contentOf(engine, HTTP_BACKENDS);
        assertThat(RulesFixture.ofType(backends, ChainRule.class)).filteredOn(r -> r.type() == ChainRule.Type.SNAT)
                .hasSize(256);
        assertThat(backends).hasSize(257);
        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).containsOnlyKeys(WEB, WEB_HTTP_JUMP, HTTP_BACKENDS);
    }

    @Test
    void spreadsMoreThan256HairpinRulesOverAPowerOfTwoOfHairpinTranslations() {
        List<String> ips = addresses(600);
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", ips, "http/TCP/8080")));

        // 600 addresses need 4 groups of at most about 256
        List<TranslationId> hairpinTranslations = List.of(hairpinTranslation(0, 4), hairpinTranslation(1, 4),
                hairpinTranslation(2, 4), hairpinTranslation(3, 4));
        assertThat(ownedBy(engine, serviceOwner(NS, "web")).keySet())
                .containsExactlyInAnyOrderElementsOf(concat(List.of(WEB, WEB_HTTP_JUMP, HTTP_BACKENDS), hairpinTranslations));
        assertThat(contentOf(engine, HTTP_BACKENDS)).singleElement()
                .satisfies(r -> assertThat(((ChainRule) r).natTargets()).hasSize(600));
        List<MidonetResource> spread = hairpinTranslations.stream().flatMap(id -> contentOf(engine, id).stream()).toList();
        assertThat(spread).containsExactlyInAnyOrderElementsOf(ips.stream().map(ip -> hairpin(HTTP_CHAIN, ip)).toList());
        assertThat(hairpinTranslations).allSatisfy(id -> assertThat(contentOf(engine, id)).isNotEmpty());
    }

    @Test
    void anEndpointJoiningALargePortAddsOneHairpinRuleAndMovesNoOther() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", addresses(600), "http/TCP/8080")));

        ChangeSet changes = engine.apply(List.of(K8s.slice(NS, "web", "web-1", addresses(601), "http/TCP/8080")));

        String newIp = addresses(601).get(600);
        assertThat(changedTranslations(changes)).hasSize(2).contains(HTTP_BACKENDS);
        assertThat(changes.added()).filteredOn(r -> ((ChainRule) r).type() == ChainRule.Type.SNAT)
                .containsExactly(hairpin(HTTP_CHAIN, newIp));
        assertThat(changes.removed()).singleElement()
                .satisfies(r -> assertThat(((ChainRule) r).type()).isEqualTo(ChainRule.Type.DNAT));
        assertThat(moved(changes)).isZero();
    }

    /*
     * Backends.hairpinGroups promises that "a change of a few endpoints moves no other rule between
     * Translations". When the number of addresses crosses 256 (or 512, ...) the group count changes and every
     * hairpin rule moves, keeping its id: to service-hairpins Translations going up, back into the
     * service-backends Translation going down, where the emptied service-hairpins Translations are deleted.
     * A Translation's deletion DELETEs its resources (original-translation.md, "Pusher"), so going down
     * would delete every hairpin rule that the service-backends Translation still holds.
     */
    @Test
    void hairpinRulesMoveBetweenTranslationsOnlyWhenTheNumberOfGroupsChanges() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", addresses(300), "http/TCP/8080")));
        ChangeSet oneMore = engine.apply(List.of(K8s.slice(NS, "web", "web-1", addresses(301), "http/TCP/8080")));
        assertThat(moved(oneMore)).as("rules moved between Translations going from 300 to 301 endpoints").isZero();

        engine.apply(List.of(K8s.slice(NS, "web", "web-1", addresses(256), "http/TCP/8080")));
        ChangeSet up = engine.apply(List.of(K8s.slice(NS, "web", "web-1", addresses(257), "http/TCP/8080")));
        // 256 -> 257 doubles the groups: the rules change Translation, but as MidoNet objects (the applier
        // keeps an object claimed by any Translation) only the new endpoint's hairpin and the DNAT change
        assertThat(moved(up)).isEqualTo(256);
        assertThat(netObjects(up.added(), up.removed())).hasSize(2);
        assertThat(netObjects(up.removed(), up.added())).hasSize(1);
    }

    /** The resources of the first list that the second does not hold, as distinct MidoNet objects. */
    private static java.util.Set<Object> netObjects(List<? extends Object> a, List<? extends Object> b) {
        java.util.Set<Object> out = new java.util.HashSet<>(a);
        out.removeAll(b);
        return out;
    }

    @Test
    void deletingTheServiceRemovesItsHairpinTranslationsToo() {
        engine.apply(List.of(web(), K8s.slice(NS, "web", "web-1", addresses(300), "http/TCP/8080")));
        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).hasSize(5);

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("Service", NS, "web")));

        assertThat(changes.changes()).hasSize(5).allMatch(ChangeSet.Change::deleted);
        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).isEmpty();
    }

    // ---- helpers ----

    private static Service web() {
        return K8s.service(NS, "web", CLUSTER_IP, K8s.port("http", "TCP", 80));
    }

    private static TranslationId backendsTranslation(String service, String port) {
        return serviceTranslation("Service-Backends", NS, service, NS + "/" + service + "/" + port);
    }

    private static TranslationId hairpinTranslation(int group, int groups) {
        return serviceTranslation("Service-Hairpins", NS, "web", NS + "/web/http/" + group + "-of-" + groups);
    }

    /** n distinct endpoint addresses. */
    private static List<String> addresses(int n) {
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ips.add("10.1." + (i / 250) + "." + (i % 250 + 1));
        }
        return ips;
    }

    /** How many resources a ChangeSet removes from one Translation and adds to another, unchanged. */
    private static long moved(ChangeSet changes) {
        return changes.removed().stream().filter(changes.added()::contains).count();
    }

    private static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static NatTarget target(String ip, int port) {
        return new NatTarget(ip, ip, port, port);
    }

    /** The hairpin SNAT of an endpoint address, as endpoints.drl names and places it. */
    private static ChainRule hairpin(UUID chain, String ip) {
        return new ChainRule(chain, Ids.subId(chain, "Hairpin SNAT/" + CLUSTER_IP + "/" + ip), ChainRule.Type.SNAT, 2,
                ChainRule.IPV4, ip, 32, ip, 32, null, null, null, FlowAction.ACCEPT,
                List.of(new NatTarget(CLUSTER_IP, CLUSTER_IP, 30000, 60000)));
    }

    /** The one DNAT rule of a port chain. */
    private ChainRule dnat(UUID chain) {
        List<ChainRule> dnats = rulesOf(engine, chain).stream().filter(r -> r.type() == ChainRule.Type.DNAT).toList();
        assertThat(dnats).as("DNAT rules of chain " + chain).hasSize(1);
        return dnats.get(0);
    }

    private List<String> hairpinAddresses(UUID chain) {
        return rulesOf(engine, chain).stream().filter(r -> r.type() == ChainRule.Type.SNAT)
                .map(ChainRule::nwSrcAddress).toList();
    }
}

package org.midonet.kube.translate.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.translate.rules.RulesFixture.HAIRPIN_CHAIN;
import static org.midonet.kube.translate.rules.RulesFixture.HOST_1;
import static org.midonet.kube.translate.rules.RulesFixture.SERVICES_CHAIN;
import static org.midonet.kube.translate.rules.RulesFixture.TENANT;
import static org.midonet.kube.translate.rules.RulesFixture.all;
import static org.midonet.kube.translate.rules.RulesFixture.changeOf;
import static org.midonet.kube.translate.rules.RulesFixture.changedTranslations;
import static org.midonet.kube.translate.rules.RulesFixture.contentOf;
import static org.midonet.kube.translate.rules.RulesFixture.ofType;
import static org.midonet.kube.translate.rules.RulesFixture.ownedBy;
import static org.midonet.kube.translate.rules.RulesFixture.rulesOf;
import static org.midonet.kube.translate.rules.RulesFixture.serviceOwner;
import static org.midonet.kube.translate.rules.RulesFixture.servicePortChain;
import static org.midonet.kube.translate.rules.RulesFixture.serviceTranslation;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.ChainRule.PortRange;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.TranslationId;

/**
 * service.drl: a chain per Service port, and the jump to it from KUBE-SERVICES, both in the one Translation of
 * the Service.
 */
class ServiceRulesTest extends EngineRulesTest {
    private static final String NS = "team-a";
    private static final String CLUSTER_IP = "10.96.0.20";
    private static final TranslationId WEB = serviceTranslation("Service", NS, "web", "web");

    // ---- Service: a chain per port ----

    @Test
    void derivesAChainPerPortIntoTheServiceTranslation() {
        engine.apply(List.of(web()));

        assertThat(ofType(contentOf(engine, WEB), Chain.class)).containsExactlyInAnyOrder(
                new Chain(servicePortChain(NS, "web", "http"), "KUBE-SVC-team-a/web/http", TENANT),
                new Chain(servicePortChain(NS, "web", "dns"), "KUBE-SVC-team-a/web/dns", TENANT));
        assertThat(WEB.namespace()).isEqualTo(NS);
    }

    @Test
    void namesTheChainOfAnUnnamedPortAfterTheEmptyName() {
        engine.apply(List.of(K8s.service(NS, "web", CLUSTER_IP, K8s.port(null, "TCP", 80))));

        assertThat(contentOf(engine, WEB)).containsExactlyInAnyOrder(
                new Chain(servicePortChain(NS, "web", ""), "KUBE-SVC-team-a/web/", TENANT),
                jump("web", "", CLUSTER_IP, 6, 80));
    }

    // ---- Service: traffic to ClusterIP:port jumps to the port's chain ----

    @Test
    void sendsTrafficToTheClusterIpAndPortIntoThePortsChain() {
        engine.apply(List.of(web()));

        assertThat(ofType(contentOf(engine, WEB), ChainRule.class)).containsExactlyInAnyOrder(
                jump("web", "http", CLUSTER_IP, 6, 80), jump("web", "dns", CLUSTER_IP, 17, 53));
        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).containsOnlyKeys(WEB);
    }

    @ParameterizedTest(name = "{0} is IP protocol {1}")
    @CsvSource({"TCP, 6", "UDP, 17", "SCTP, 132"})
    void matchesThePortsProtocolByItsIpProtocolNumber(String protocol, int number) {
        engine.apply(List.of(K8s.service(NS, "web", CLUSTER_IP, K8s.port("p", protocol, 5000))));

        List<ChainRule> rules = ofType(contentOf(engine, WEB), ChainRule.class);
        assertThat(rules).containsExactly(jump("web", "p", CLUSTER_IP, number, 5000));
        ChainRule rule = rules.get(0);
        assertThat(rule.nwProto()).isEqualTo(number);
        assertThat(rule.tpDst()).isEqualTo(new PortRange(5000, 5000));
    }

    @Test
    void putsEveryJumpAtTheHeadOfKubeServices() {
        engine.apply(List.of(web(), K8s.service("team-b", "db", "10.96.0.30", K8s.port("pg", "TCP", 5432))));

        List<ChainRule> services = rulesOf(engine, SERVICES_CHAIN);
        assertThat(services).hasSize(3).allSatisfy(r -> {
            assertThat(r.position()).isEqualTo(1);
            assertThat(r.type()).isEqualTo(ChainRule.Type.JUMP);
        });
        assertThat(services).extracting(ChainRule::id).doesNotHaveDuplicates();
        assertThat(services).extracting(ChainRule::jumpChainId).containsExactlyInAnyOrder(
                servicePortChain(NS, "web", "http"), servicePortChain(NS, "web", "dns"),
                servicePortChain("team-b", "db", "pg"));
    }

    @Test
    void aServiceAddsNoHairpinRule() {
        engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", HOST_1), K8s.pod(NS, "p1", "n1", "10.1.0.5", null)));
        List<ChainRule> hairpin = rulesOf(engine, HAIRPIN_CHAIN);

        ChangeSet changes = engine.apply(List.of(web()));

        assertThat(changedTranslations(changes)).containsExactly(WEB);
        assertThat(changes.added()).noneMatch(r -> r instanceof ChainRule rule && rule.type() == ChainRule.Type.SNAT);
        assertThat(rulesOf(engine, HAIRPIN_CHAIN)).isEqualTo(hairpin);
        assertThat(rulesOf(engine, RulesFixture.nodeHairpinChain("n1"))).hasSize(1);
    }

    // ---- which Services translate ----

    @Test
    void derivesNothingForAHeadlessService() {
        engine.apply(List.of(K8s.service(NS, "web", "None", K8s.port("http", "TCP", 80))));

        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).isEmpty();
        assertThat(rulesOf(engine, SERVICES_CHAIN)).isEmpty();
    }

    @Test
    void derivesNothingForAnExternalNameService() {
        engine.apply(List.of(new ServiceBuilder().withNewMetadata().withNamespace(NS).withName("web")
                .withUid(K8s.uid("svc/" + NS + "/web")).endMetadata()
                .withNewSpec().withType("ExternalName").withExternalName("web.example.org")
                .withPorts(K8s.port("http", "TCP", 80)).endSpec().build()));

        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).isEmpty();
        assertThat(rulesOf(engine, SERVICES_CHAIN)).isEmpty();
    }

    @Test
    void derivesNothingBeforeTheClusterIpIsAllocatedAndTranslatesOnceItIs() {
        engine.apply(List.of(K8s.service(NS, "web", "", K8s.port("http", "TCP", 80))));
        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).isEmpty();

        ChangeSet changes = engine.apply(List.of(K8s.service(NS, "web", CLUSTER_IP, K8s.port("http", "TCP", 80))));

        assertThat(changedTranslations(changes)).containsExactly(WEB);
        assertThat(changeOf(changes, WEB).added()).containsExactlyInAnyOrder(
                new Chain(servicePortChain(NS, "web", "http"), "KUBE-SVC-team-a/web/http", TENANT),
                jump("web", "http", CLUSTER_IP, 6, 80));
    }

    @Test
    void implementsTheClusterIpOfNodePortAndLoadBalancerServicesToo() {
        Service nodePort = new ServiceBuilder(K8s.service(NS, "np", "10.96.0.41", K8s.port("http", "TCP", 80)))
                .editSpec().withType("NodePort").endSpec().build();
        Service loadBalancer = new ServiceBuilder(K8s.service(NS, "lb", "10.96.0.42", K8s.port("http", "TCP", 80)))
                .editSpec().withType("LoadBalancer").endSpec().build();

        engine.apply(List.of(nodePort, loadBalancer));

        assertThat(ofType(contentOf(engine, serviceTranslation("Service", NS, "np", "np")), ChainRule.class))
                .containsExactly(jump("np", "http", "10.96.0.41", 6, 80));
        assertThat(ofType(contentOf(engine, serviceTranslation("Service", NS, "lb", "lb")), ChainRule.class))
                .containsExactly(jump("lb", "http", "10.96.0.42", 6, 80));
    }

    // ---- what goes when the Service goes or changes ----

    @Test
    void deletingAServiceRemovesItsChainsAndJumpsAndNothingOfAnotherService() {
        engine.apply(List.of(web(), K8s.service("team-b", "db", "10.96.0.30", K8s.port("pg", "TCP", 5432))));
        Map<TranslationId, List<MidonetResource>> webBefore = ownedBy(engine, serviceOwner(NS, "web"));
        Map<TranslationId, List<MidonetResource>> dbBefore = ownedBy(engine, serviceOwner("team-b", "db"));

        ChangeSet changes = engine.apply(List.of(), List.of(new ObjectRef("Service", NS, "web")));

        assertThat(webBefore).containsOnlyKeys(WEB);
        assertThat(changedTranslations(changes)).containsExactly(WEB);
        assertThat(changeOf(changes, WEB).deleted()).isTrue();
        assertThat(changeOf(changes, WEB).removed()).hasSize(4) // 2 chains, 2 jumps
                .containsExactlyInAnyOrderElementsOf(webBefore.get(WEB));
        assertThat(ownedBy(engine, serviceOwner(NS, "web"))).isEmpty();
        assertThat(ownedBy(engine, serviceOwner("team-b", "db"))).isEqualTo(dbBefore);
        assertThat(all(engine, Chain.class)).extracting(Chain::name).noneMatch(n -> n.startsWith("KUBE-SVC-team-a/"));
    }

    @Test
    void aNewPortNumberReplacesOnlyThatPortsJumpAndKeepsItsChain() {
        engine.apply(List.of(web()));

        ChangeSet changes = engine.apply(List.of(K8s.service(NS, "web", CLUSTER_IP,
                K8s.port("http", "TCP", 8080), K8s.port("dns", "UDP", 53))));

        assertThat(changedTranslations(changes)).containsExactly(WEB);
        assertThat(changeOf(changes, WEB).deleted()).isFalse();
        assertThat(changes.removed()).containsExactly(jump("web", "http", CLUSTER_IP, 6, 80));
        assertThat(changes.added()).containsExactly(jump("web", "http", CLUSTER_IP, 6, 8080));
        assertThat(ofType(contentOf(engine, WEB), Chain.class)).extracting(Chain::id)
                .containsExactlyInAnyOrder(servicePortChain(NS, "web", "http"), servicePortChain(NS, "web", "dns"));
    }

    @Test
    void droppingAPortRemovesItsChainAndItsJump() {
        engine.apply(List.of(web()));

        ChangeSet changes = engine.apply(List.of(K8s.service(NS, "web", CLUSTER_IP, K8s.port("http", "TCP", 80))));

        assertThat(changedTranslations(changes)).containsExactly(WEB);
        assertThat(changeOf(changes, WEB).removed()).containsExactlyInAnyOrder(
                new Chain(servicePortChain(NS, "web", "dns"), "KUBE-SVC-team-a/web/dns", TENANT),
                jump("web", "dns", CLUSTER_IP, 17, 53));
        assertThat(changeOf(changes, WEB).deleted()).isFalse();
        assertThat(changes.added()).isEmpty();
    }

    @Test
    void reUpsertingAnUnchangedServiceChangesNothing() {
        engine.apply(List.of(web()));

        assertThat(engine.apply(List.of(web())).isEmpty()).isTrue();
    }

    // ---- helpers ----

    private static Service web() {
        return K8s.service(NS, "web", CLUSTER_IP, K8s.port("http", "TCP", 80), K8s.port("dns", "UDP", 53));
    }

    /** The original's key of a Service port, for the jump's id: "ns/name/portName/clusterIP/protocolNumber/port". */
    private static String servicePortKey(String service, String port, String clusterIp, int protocol, int number) {
        return NS + "/" + service + "/" + port + "/" + clusterIp + "/" + protocol + "/" + number;
    }

    private static ChainRule jump(String service, String port, String clusterIp, int protocol, int number) {
        return new ChainRule(SERVICES_CHAIN,
                RulesFixture.IDS.idForKey("ServicePortSub", servicePortKey(service, port, clusterIp, protocol, number)),
                ChainRule.Type.JUMP, 1, ChainRule.IPV4, null, null, clusterIp, 32, protocol, PortRange.of(number),
                servicePortChain(NS, service, port), null, null);
    }
}

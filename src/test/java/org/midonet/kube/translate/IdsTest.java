package org.midonet.kube.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.facts.Protocol;
import org.midonet.kube.facts.ServiceFact.ServicePort;
import org.midonet.kube.facts.ServiceFact;
import org.midonet.kube.translate.Backends.Backend;

/**
 * The id scheme reproduces the values quoted in the original's README (Translation version 3, whose
 * space was used directly), so the version-4 tenant scheme built on it gives the original's ids too.
 */
class IdsTest {
    private static final Ids VERSION_3 = Ids.withSpace("3", UUID.fromString("CAC60164-F74C-404A-AB39-3C1320124A17"));
    private static final Ids IDS = Ids.forTenant("midonetkube");

    @Test
    void endpointChainIdMatchesTheOriginalReadme() {
        assertThat(VERSION_3.idForKey("Endpoint", "kube-dns/dns/10.96.0.10/10.1.0.24/53/UDP"))
                .hasToString("5cfc9435-b3f4-5a79-8093-3c6a8c0f5fff");
    }

    @Test
    void servicePortChainIdMatchesTheOriginalReadme() {
        assertThat(VERSION_3.idForKey("ServicePort", "kube-system/kube-dns/dns"))
                .hasToString("2ba08097-dcb1-548e-817e-d259736a286c");
    }

    @Test
    void subIdsMatchTheOriginalReadme() {
        UUID endpointChain = UUID.fromString("5cfc9435-b3f4-5a79-8093-3c6a8c0f5fff");
        assertThat(Ids.subId(endpointChain, "Jump to Endpoint")).hasToString("e75a66ad-a7e6-569f-83bc-543d4a01107a");
        assertThat(Ids.subId(endpointChain, "DNAT")).hasToString("0f0dbbff-40d9-537a-ae8f-3fdc533cb9fd");
        assertThat(Ids.subId(endpointChain, "SNAT")).hasToString("2399be50-d5bd-5691-a6ff-8ffbc14df8a8");
    }

    @Test
    void uuid5FollowsRfc4122() {
        // RFC 4122 / Python uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        UUID id = Ids.uuid5(dns, "python.org");
        assertThat(id).hasToString("886313e1-3b8a-5372-9b90-0c9aee199e5d");
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void tenantSpaceIsDerivedFromTheTenantName() {
        Ids defaultTenant = Ids.forTenant("midonetkube");
        UUID space = Ids.uuid5(Ids.TENANT_ROOT_SPACE, "4/midonetkube");
        assertThat(defaultTenant.idForKey("Node", "n1")).isEqualTo(Ids.uuid5(space, "4/Node/n1"));
        assertThat(Ids.forTenant("other").idForKey("Node", "n1")).isNotEqualTo(defaultTenant.idForKey("Node", "n1"));
    }

    @Test
    void globalIdsAreSubIdsOfTheMainChain() {
        Ids ids = Ids.forTenant("midonetkube");
        UUID main = ids.idForKey("midonet-global", "chain");
        assertThat(ids.mainChain()).isEqualTo(main);
        assertThat(ids.servicesChain()).isEqualTo(Ids.subId(main, "Services Chain"));
        assertThat(ids.preChain()).isEqualTo(Ids.subId(main, "Pre Chain"));
        assertThat(ids.clusterRouter()).isEqualTo(Ids.subId(main, "Cluster Router"));
        assertThat(ids.defaultTunnelZone()).isEqualTo(Ids.subId(main, "Default Tunnel Zone"));
        assertThat(ids.mainChainRule("Jump To Pre")).isEqualTo(Ids.subId(main, "Jump To Pre"));
    }

    @Test
    void theOriginalsEndpointIdsMatchItsReadme() {
        String key = "kube-dns/dns/10.96.0.10/10.1.0.24/53/UDP";
        assertThat(VERSION_3.endpointChain(key)).hasToString("5cfc9435-b3f4-5a79-8093-3c6a8c0f5fff");
        assertThat(VERSION_3.endpointJump(key)).hasToString("e75a66ad-a7e6-569f-83bc-543d4a01107a");
        assertThat(VERSION_3.endpointDnat(key)).hasToString("0f0dbbff-40d9-537a-ae8f-3fdc533cb9fd");
        assertThat(VERSION_3.endpointSnat(key)).hasToString("2399be50-d5bd-5691-a6ff-8ffbc14df8a8");
    }

    @Test
    void theOriginalsEndpointIdsAreSubIdsOfTheEndpointChain() {
        String key = "web/http/10.96.0.20/10.1.0.5/8080/TCP";
        UUID chain = IDS.idForKey("Endpoint", key);
        assertThat(IDS.endpointChain(key)).isEqualTo(chain);
        assertThat(IDS.endpointJump(key)).isEqualTo(Ids.subId(chain, "Jump to Endpoint"));
        assertThat(IDS.endpointSnat(key)).isEqualTo(Ids.subId(chain, "SNAT"));
        assertThat(IDS.endpointDnat(key)).isEqualTo(Ids.subId(chain, "DNAT"));
    }

    @Test
    void mainChainRulesAreSubIdsOfTheMainChain() {
        UUID main = IDS.idForKey("midonet-global", "chain");
        assertThat(IDS.hairpinChain()).isEqualTo(Ids.subId(main, "Hairpin Chain"));
        assertThat(IDS.jumpToPre()).isEqualTo(Ids.subId(main, "Jump To Pre"));
        assertThat(IDS.jumpToServices()).isEqualTo(Ids.subId(main, "Jump To Services"));
        assertThat(IDS.jumpToHairpin()).isEqualTo(Ids.subId(main, "Jump To Hairpin"));
        assertThat(IDS.reverseSnat()).isEqualTo(Ids.subId(main, "Reverse SNAT"));
        assertThat(IDS.reverseDnat()).isEqualTo(Ids.subId(main, "Reverse DNAT"));
    }

    @Test
    void nodeIdsAreSubIdsOfTheNodeBridge() {
        UUID bridge = IDS.idForKey("Node", "worker-1");
        assertThat(IDS.node("worker-1")).isEqualTo(bridge);
        assertThat(IDS.nodeBridgePort("worker-1")).isEqualTo(Ids.subId(bridge, "Bridge Port"));
        assertThat(IDS.nodeRouterPort("worker-1")).isEqualTo(Ids.subId(bridge, "Router Port"));
        assertThat(IDS.nodePodCidrRoute("worker-1")).isEqualTo(Ids.subId(bridge, "Route"));
        assertThat(IDS.nodeHostPort("worker-1")).isEqualTo(Ids.subId(bridge, "Node Port"));
        assertThat(IDS.nodeHostPortChain("worker-1")).isEqualTo(Ids.subId(bridge, "Node Port Chain"));
        assertThat(IDS.nodeHostPortSnat("worker-1")).isEqualTo(Ids.subId(bridge, "Node Port SNAT Rule"));
        assertThat(IDS.nodeHairpinChain("worker-1")).isEqualTo(Ids.subId(bridge, "Hairpin Chain"));
        assertThat(IDS.nodeHairpinJump("worker-1", Cidr.parse("10.1.0.0/24")))
                .isEqualTo(Ids.subId(bridge, "Jump To Hairpin/10.1.0.0/24"));
    }

    @Test
    void podAndServiceIdsAreKeyedByTheirNames() {
        assertThat(IDS.nodeAddressRoute("worker-1/InternalIP/192.168.0.11"))
                .isEqualTo(IDS.idForKey("Node Address", "worker-1/InternalIP/192.168.0.11"));
        assertThat(IDS.podPort("team-a", "p1")).isEqualTo(IDS.idForKey("Pod", "team-a/p1"));
        assertThat(IDS.podHairpinSnat("team-a", "p1", "10.1.0.5", "10.1.0.1"))
                .isEqualTo(Ids.subId(IDS.idForKey("Pod", "team-a/p1"), "Hairpin SNAT/10.1.0.5/10.1.0.1"));
        assertThat(IDS.servicePortChain("team-a/web", "http")).isEqualTo(IDS.idForKey("ServicePort", "team-a/web/http"));
        assertThat(IDS.servicePortJump("team-a/web/http/10.96.0.20/6/80"))
                .isEqualTo(IDS.idForKey("ServicePortSub", "team-a/web/http/10.96.0.20/6/80"));
    }

    @Test
    void theDnatOfAServicePortNamesItsClusterIpPortAndEveryBackendInOrder() {
        ServicePort http = new ServicePort("http", Protocol.TCP, 80);
        ServiceFact web = new ServiceFact("team-a", "web", "uid-web", "10.96.0.20", List.of(http));
        UUID chain = IDS.idForKey("ServicePort", "team-a/web/http");
        Backends two = new Backends(web, http, List.of(new Backend("10.1.0.5", 8080), new Backend("10.1.0.16", 8080)));
        assertThat(IDS.servicePortDnat(two))
                .isEqualTo(Ids.subId(chain, "DNAT/10.96.0.20/6/80/10.1.0.5:8080/10.1.0.16:8080"));
        ServicePort dns = new ServicePort("dns", Protocol.UDP, 53);
        ServiceFact kubeDns = new ServiceFact("kube-system", "kube-dns", "uid-dns", "10.96.0.10", List.of(dns));
        assertThat(IDS.servicePortDnat(new Backends(kubeDns, dns, List.of(new Backend("10.1.0.24", 5353)))))
                .isEqualTo(Ids.subId(IDS.idForKey("ServicePort", "kube-system/kube-dns/dns"),
                        "DNAT/10.96.0.10/17/53/10.1.0.24:5353"));
    }
}

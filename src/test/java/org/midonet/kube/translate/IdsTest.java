package org.midonet.kube.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The id scheme reproduces the values quoted in the original's README (Translation version 3, whose
 * space was used directly), so the version-4 tenant scheme built on it gives the original's ids too.
 */
class IdsTest {
    private static final Ids VERSION_3 = Ids.withSpace("3", UUID.fromString("CAC60164-F74C-404A-AB39-3C1320124A17"));

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
}

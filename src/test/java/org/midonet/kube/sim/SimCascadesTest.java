package org.midonet.kube.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.sim.SimHttp.json;
import static org.midonet.kube.sim.SimHttp.vendor;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.model.ResourceKind;

/** What goes with a deleted object (reference §6). */
class SimCascadesTest extends SimTestBase {

    private UUID normalRoute(UUID router, UUID port) {
        return http.create("/routers/" + router + "/routes", "Route-v1", json("id", id(), "type", "Normal",
                "srcNetworkAddr", "0.0.0.0", "dstNetworkAddr", "10.5.0.0", "dstNetworkLength", 16, "nextHopPort", port));
    }

    @Test
    void deletingARouterDeletesItsPortsAndRoutesAndUnlinksPeers() {
        UUID router = router();
        UUID port = routerPort(router, "10.0.0.1/24");
        UUID route = normalRoute(router, port);
        UUID blackHole = http.create("/routers/" + router + "/routes", "Route-v1", json("id", id(), "type", "BlackHole",
                "srcNetworkAddr", "0.0.0.0", "dstNetworkAddr", "10.6.0.0", "dstNetworkLength", 16));
        UUID bridgePort = bridgePort(bridge());
        http.post("/ports/" + port + "/link", vendor("PortLink-v1"), json("peerId", bridgePort));
        assertThat(http.delete("/routers/" + router).status()).isEqualTo(204);
        assertThat(http.get("/ports/" + port, vendor("Port-v3")).status()).isEqualTo(404);
        assertThat(http.get("/routes/" + route, vendor("Route-v1")).status()).isEqualTo(404);
        assertThat(http.get("/routes/" + blackHole, vendor("Route-v1")).status()).isEqualTo(404);
        assertThat(sim.state().count(ResourceKind.ROUTE)).as("the Local route too").isZero();
        assertThat(http.getJson("/ports/" + bridgePort, vendor("Port-v3")).get("peerId").isNull()).isTrue();
    }

    @Test
    void deletingAPortDeletesTheRoutesThroughItUnlinksItsPeerAndDropsItsBinding() {
        UUID router = router();
        UUID port = routerPort(router, "10.0.0.1/24");
        UUID other = routerPort(router, "10.1.0.1/24");
        UUID route = normalRoute(router, port);
        UUID kept = normalRoute(router, other);
        UUID peer = bridgePort(bridge());
        http.post("/ports/" + port + "/link", vendor("PortLink-v1"), json("peerId", peer));
        join(tunnelZone("tz"), NODE1);
        http.create("/hosts/" + NODE1.id() + "/ports", "HostInterfacePort-v1", json("portId", port, "interfaceName", "veth0"));

        assertThat(http.delete("/ports/" + port).status()).isEqualTo(204);
        assertThat(http.get("/routes/" + route, vendor("Route-v1")).status()).isEqualTo(404);
        assertThat(http.get("/routes/" + kept, vendor("Route-v1")).status()).isEqualTo(200);
        assertThat(sim.state().routes(router)).hasSize(2); // kept + the other port's Local route
        assertThat(http.getJson("/ports/" + peer, vendor("Port-v3")).get("peerId").isNull()).isTrue();
        assertThat(sim.state().count(ResourceKind.HOST_INTERFACE_PORT)).isZero();
        assertThat(http.delete("/ports/" + port).status()).isEqualTo(404);
    }

    @Test
    void deletingAChainDeletesItsRulesAndTheJumpsToItAndClearsFilters() {
        UUID services = chain();
        UUID target = chain();
        UUID jump = http.create("/chains/" + services + "/rules", "Rule-v2", json("id", id(), "type", "jump",
                "jumpChainId", target));
        UUID kept = rule(services, "accept", 2);
        UUID inside = rule(target, "drop", 1);
        UUID router = http.create("/routers", "Router-v3",
                json("id", id(), "inboundFilterId", target, "outboundFilterId", services));
        UUID bridge = http.create("/bridges", "Bridge-v4", json("id", id(), "outboundFilterId", target));
        UUID port = http.create("/bridges/" + bridge + "/ports", "Port-v3", json("id", id(), "type", "Bridge",
                "inboundFilterId", target));

        assertThat(http.delete("/chains/" + target).status()).isEqualTo(204);
        assertThat(http.get("/rules/" + jump, vendor("Rule-v2")).status()).isEqualTo(404);
        assertThat(http.get("/rules/" + inside, vendor("Rule-v2")).status()).isEqualTo(404);
        assertThat(sim.state().ruleIds(services)).containsExactly(kept);
        assertThat(http.getJson("/rules/" + kept, vendor("Rule-v2")).path("position").asInt()).isEqualTo(1);
        assertThat(http.getJson("/routers/" + router, vendor("Router-v3")).get("inboundFilterId").isNull()).isTrue();
        assertThat(http.getJson("/routers/" + router, vendor("Router-v3")).path("outboundFilterId").asText())
                .isEqualTo(services.toString());
        assertThat(http.getJson("/bridges/" + bridge, vendor("Bridge-v4")).get("outboundFilterId").isNull()).isTrue();
        assertThat(http.getJson("/ports/" + port, vendor("Port-v3")).get("inboundFilterId").isNull()).isTrue();
    }

    @Test
    void deletingABridgeDeletesItsPortsAndTables() {
        UUID bridge = bridge();
        UUID port = bridgePort(bridge);
        UUID routerPort = routerPort(router(), "10.0.0.1/24");
        http.post("/ports/" + port + "/link", vendor("PortLink-v1"), json("peerId", routerPort));
        http.create("/bridges/" + bridge + "/mac_table", "MacPort-v2", json("macAddr", "02:00:00:00:00:01", "portId", port));
        assertThat(http.delete("/bridges/" + bridge).status()).isEqualTo(204);
        assertThat(http.get("/ports/" + port, vendor("Port-v3")).status()).isEqualTo(404);
        assertThat(sim.state().count(ResourceKind.MAC_PORT)).isZero();
        assertThat(http.getJson("/ports/" + routerPort, vendor("Port-v3")).get("peerId").isNull()).isTrue();
        assertThat(http.delete("/bridges/" + bridge).status()).isEqualTo(404);
    }

    @Test
    void deletingATunnelZoneEndsItsMemberships() {
        UUID zone = tunnelZone("tz");
        join(zone, NODE1);
        http.delete("/tunnel_zones/" + zone);
        assertThat(sim.state().count(ResourceKind.TUNNEL_ZONE_HOST)).isZero();
        UUID port = bridgePort(bridge());
        assertThat(http.post("/hosts/" + NODE1.id() + "/ports", vendor("HostInterfacePort-v1"),
                json("portId", port, "interfaceName", "veth0")).status()).isEqualTo(409);
    }
}

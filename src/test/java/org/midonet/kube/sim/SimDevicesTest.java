package org.midonet.kube.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.sim.SimHttp.collection;
import static org.midonet.kube.sim.SimHttp.json;
import static org.midonet.kube.sim.SimHttp.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.model.ResourceKind;

/** Routers, bridges, ports and links. */
class SimDevicesTest extends SimTestBase {

    @Test
    void aPostAnswers201WithAnAbsoluteLocationAndNoBody() {
        UUID id = id();
        SimHttp.Response reply = http.post("/routers", vendor("Router-v3"), json("id", id, "name", "r"));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.header("Location")).isEqualTo(sim.apiUri() + "/routers/" + id);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void aRouterShowsItsFieldsDefaultsNullsAndLinks() {
        UUID id = http.create("/routers", "Router-v3", json("id", id(), "name", "r", "tenantId", "t"));
        JsonNode router = http.getJson("/routers/" + id, vendor("Router-v3"));
        assertThat(router.path("id").asText()).isEqualTo(id.toString());
        assertThat(router.path("name").asText()).isEqualTo("r");
        assertThat(router.path("adminStateUp").asBoolean()).isTrue();
        assertThat(router.has("inboundFilterId")).isTrue();
        assertThat(router.get("inboundFilterId").isNull()).isTrue();
        assertThat(router.path("uri").asText()).isEqualTo(sim.apiUri() + "/routers/" + id);
        assertThat(router.path("ports").asText()).endsWith("/routers/" + id + "/ports");
    }

    @Test
    void aGeneratedIdIsUsedWhenTheBodyHasNone() {
        SimHttp.Response reply = http.post("/routers", vendor("Router-v3"), json("name", "r"));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(http.get("/routers/" + reply.createdId(), vendor("Router-v3")).status()).isEqualTo(200);
    }

    @Test
    void theSameIdTwiceIsAConflictNamingTheStorageClass() {
        UUID router = router();
        SimHttp.Response again = http.post("/routers", vendor("Router-v3"), json("id", router));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.message()).isEqualTo("A(n) Router with ID " + router + " already exists.");
        UUID bridge = bridge();
        assertThat(http.post("/bridges", vendor("Bridge-v4"), json("id", bridge)).message())
                .isEqualTo("A(n) Network with ID " + bridge + " already exists.");
    }

    @Test
    void aPutReplacesEverySettableField() {
        UUID chain = chain();
        UUID bridge = http.create("/bridges", "Bridge-v4", json("id", id(), "name", "b", "tenantId", "t",
                "inboundFilterId", chain, "adminStateUp", false));
        assertThat(http.put("/bridges/" + bridge, vendor("Bridge-v4"), json("name", "renamed")).status()).isEqualTo(204);
        JsonNode after = http.getJson("/bridges/" + bridge, vendor("Bridge-v4"));
        assertThat(after.path("name").asText()).isEqualTo("renamed");
        assertThat(after.get("tenantId").isNull()).isTrue();
        assertThat(after.get("inboundFilterId").isNull()).isTrue();
        assertThat(after.path("adminStateUp").asBoolean()).as("back to its default").isTrue();
        assertThat(http.put("/bridges/" + id(), vendor("Bridge-v4"), json("name", "x")).status()).isEqualTo(404);
    }

    @Test
    void filterChainsMustExist() {
        UUID missing = id();
        SimHttp.Response reply = http.post("/bridges", vendor("Bridge-v4"), json("id", id(), "inboundFilterId", missing));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.message()).isEqualTo("There is no Chain with ID " + missing + ".");
        UUID router = router();
        assertThat(http.put("/routers/" + router, vendor("Router-v3"), json("outboundFilterId", missing)).status())
                .isEqualTo(404);
    }

    @Test
    void aBridgeRefusesVxlanPortIdsOnPost() {
        SimHttp.Response reply = http.post("/bridges", vendor("Bridge-v4"), json("id", id(), "vxLanPortIds", List.of()));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("violations").get(0).path("property").asText()).isEqualTo("vxLanPortIds");
    }

    @Test
    void routersAndBridgesAreListedAndFilteredByTenant() {
        router();
        http.create("/routers", "Router-v3", json("id", id(), "tenantId", "other"));
        assertThat(http.getJson("/routers", collection("Router-v3"))).hasSize(2);
        assertThat(http.getJson("/routers?tenant_id=other", collection("Router-v3"))).hasSize(1);
        bridge();
        assertThat(http.getJson("/bridges", collection("Bridge-v4"))).hasSize(1);
    }

    @Test
    void deletingAMissingRouterIs204ButAMissingBridgeOrPort404() {
        assertThat(http.delete("/routers/" + id()).status()).isEqualTo(204);
        assertThat(http.delete("/bridges/" + id()).status()).isEqualTo(404);
        assertThat(http.delete("/ports/" + id()).status()).isEqualTo(404);
    }

    @Test
    void portsHaveTheirDeviceTypeAndAUniqueTunnelKey() {
        UUID bridge = bridge();
        UUID router = router();
        UUID a = bridgePort(bridge);
        UUID b = routerPort(router, "10.0.0.1/24");
        JsonNode bridgePort = http.getJson("/ports/" + a, vendor("Port-v3"));
        JsonNode routerPort = http.getJson("/ports/" + b, vendor("Port-v3"));
        assertThat(bridgePort.path("type").asText()).isEqualTo("Bridge");
        assertThat(bridgePort.path("deviceId").asText()).isEqualTo(bridge.toString());
        assertThat(bridgePort.path("vlanId").asInt()).isZero();
        assertThat(bridgePort.get("hostId").isNull()).isTrue();
        assertThat(bridgePort.get("peerId").isNull()).isTrue();
        assertThat(bridgePort.path("active").asBoolean()).isFalse();
        assertThat(routerPort.path("type").asText()).isEqualTo("Router");
        assertThat(routerPort.path("tunnelKey").asLong()).isNotEqualTo(bridgePort.path("tunnelKey").asLong());
        assertThat(http.getJson("/bridges/" + bridge + "/ports", collection("Port-v3"))).hasSize(1);
        assertThat(http.getJson("/routers/" + router + "/ports", collection("Port-v3"))).hasSize(1);
        assertThat(http.getJson("/ports", collection("Port-v3"))).hasSize(2);
    }

    @Test
    void thePortTypeIsRequiredAndMustFitTheDevice() {
        UUID bridge = bridge();
        UUID router = router();
        assertThat(http.post("/bridges/" + bridge + "/ports", vendor("Port-v3"), json("id", id())).status()).isEqualTo(400);
        SimHttp.Response routerOnBridge = http.post("/bridges/" + bridge + "/ports", vendor("Port-v3"),
                json("id", id(), "type", "Router"));
        assertThat(routerOnBridge.status()).isEqualTo(400);
        assertThat(routerOnBridge.message()).isEqualTo("Not a bridge port.");
        assertThat(http.post("/routers/" + router + "/ports", vendor("Port-v3"), json("id", id(), "type", "Bridge"))
                .status()).isEqualTo(400);
        assertThat(http.post("/bridges/" + bridge + "/ports", vendor("Port-v3"), json("id", id(), "type", "InteriorBridge"))
                .status()).as("legacy alias").isEqualTo(201);
    }

    @Test
    void aPortOnAMissingDeviceIs404() {
        UUID missing = id();
        SimHttp.Response reply = http.post("/bridges/" + missing + "/ports", vendor("Port-v3"), json("type", "Bridge"));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.message()).isEqualTo("There is no Network with ID " + missing + ".");
        assertThat(http.post("/routers/" + missing + "/ports", vendor("Port-v3"), json("type", "Router")).message())
                .isEqualTo("There is no Router with ID " + missing + ".");
    }

    @Test
    void aRouterPortDerivesItsAddressesFromPortSubnet() {
        UUID port = http.create("/routers/" + router() + "/ports", "Port-v3", json("id", id(), "type", "Router",
                "portSubnet", List.of("2001:db8::1/64", "10.1.2.3/24"), "portMac", "AC:CA:BA:00:00:09"));
        JsonNode json = http.getJson("/ports/" + port, vendor("Port-v3"));
        assertThat(json.path("portAddress").asText()).isEqualTo("10.1.2.3");
        assertThat(json.path("networkAddress").asText()).isEqualTo("10.1.2.0");
        assertThat(json.path("networkLength").asInt()).isEqualTo(24);
        assertThat(json.path("portMac").asText()).isEqualTo("ac:ca:ba:00:00:09");
    }

    @Test
    void aRouterPortGivenByPortAddressGetsAPortSubnetAndARandomMidokuraMac() {
        UUID port = http.create("/routers/" + router() + "/ports", "Port-v3", json("id", id(), "type", "Router",
                "portAddress", "10.9.0.1", "networkAddress", "10.9.0.0", "networkLength", 16));
        JsonNode json = http.getJson("/ports/" + port, vendor("Port-v3"));
        assertThat(json.path("portSubnet").get(0).asText()).isEqualTo("10.9.0.1/16");
        assertThat(json.path("portMac").asText()).matches("ac:ca:ba:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}");
    }

    @Test
    void aRouterPortGetsALocalRoutePerIpv4Address() {
        UUID router = router();
        UUID port = http.create("/routers/" + router + "/ports", "Port-v3", json("id", id(), "type", "Router",
                "portSubnet", List.of("10.0.0.1/24", "10.0.1.1/24", "2001:db8::1/64")));
        JsonNode routes = http.getJson("/routers/" + router + "/routes", collection("Route-v1"));
        assertThat(routes).hasSize(2).allSatisfy(r -> {
            assertThat(r.path("type").asText()).isEqualTo("Local");
            assertThat(r.path("srcNetworkAddr").asText()).isEqualTo("0.0.0.0");
            assertThat(r.path("srcNetworkLength").asInt()).isZero();
            assertThat(r.path("dstNetworkLength").asInt()).isEqualTo(32);
            assertThat(r.path("nextHopPort").asText()).isEqualTo(port.toString());
            assertThat(r.path("routerId").asText()).isEqualTo(router.toString());
            assertThat(r.path("weight").asInt()).isZero();
            assertThat(r.path("learned").asBoolean()).isFalse();
        });
        assertThat(routes.findValuesAsText("dstNetworkAddr")).containsExactly("10.0.0.1", "10.0.1.1");
    }

    @Test
    void aRouterPortPutWithoutPortMacClearsItAndKeepsTheServersFields() {
        UUID router = router();
        UUID port = routerPort(router, "10.0.0.1/24");
        UUID other = bridgePort(bridge());
        http.post("/ports/" + port + "/link", vendor("PortLink-v1"), json("peerId", other));
        long tunnelKey = http.getJson("/ports/" + port, vendor("Port-v3")).path("tunnelKey").asLong();
        SimHttp.Response put = http.put("/ports/" + port, vendor("Port-v3"), json("type", "Router",
                "portSubnet", List.of("10.0.0.1/24"), "peerId", null, "tunnelKey", 999));
        assertThat(put.status()).isEqualTo(204);
        JsonNode after = http.getJson("/ports/" + port, vendor("Port-v3"));
        assertThat(after.get("portMac").isNull()).as("MNA-1251").isTrue();
        assertThat(after.path("peerId").asText()).isEqualTo(other.toString());
        assertThat(after.path("tunnelKey").asLong()).isEqualTo(tunnelKey);
        assertThat(after.path("deviceId").asText()).isEqualTo(router.toString());
    }

    @Test
    void aPortPutCannotChangeItsType() {
        UUID port = bridgePort(bridge());
        assertThat(http.put("/ports/" + port, vendor("Port-v3"), json("type", "Router")).status()).isEqualTo(400);
        assertThat(http.put("/ports/" + port, vendor("Port-v3"), json("type", "Bridge", "vlanId", 5)).status())
                .isEqualTo(204);
        assertThat(http.getJson("/ports/" + port, vendor("Port-v3")).path("vlanId").asInt()).isEqualTo(5);
    }

    @Test
    void thereIsNoPostOnPorts() {
        assertThat(http.post("/ports", vendor("Port-v3"), json("type", "Bridge")).status()).isEqualTo(405);
    }

    @Test
    void portsLinkSymmetricallyOnceAndUnlinkIdempotently() {
        UUID bridge = bridge();
        UUID router = router();
        UUID a = bridgePort(bridge);
        UUID b = routerPort(router, "10.0.0.1/24");
        UUID c = bridgePort(bridge);
        SimHttp.Response link = http.post("/ports/" + a + "/link", vendor("PortLink-v1"), json("peerId", b));
        assertThat(link.status()).isEqualTo(201);
        assertThat(link.body()).isEmpty();
        assertThat(http.getJson("/ports/" + a, vendor("Port-v3")).path("peerId").asText()).isEqualTo(b.toString());
        assertThat(http.getJson("/ports/" + b, vendor("Port-v3")).path("peerId").asText()).isEqualTo(a.toString());
        assertThat(http.getJson("/bridges/" + bridge + "/peer_ports", collection("Port-v3")).findValuesAsText("id"))
                .containsExactly(b.toString());
        assertThat(sim.state().count(ResourceKind.PORT_LINK)).isEqualTo(1);

        SimHttp.Response again = http.post("/ports/" + a + "/link", vendor("PortLink-v1"), json("peerId", b));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.message()).isEqualTo("Ports are not linkable.");
        assertThat(http.post("/ports/" + c + "/link", vendor("PortLink-v1"), json("peerId", b)).status()).isEqualTo(409);

        assertThat(http.delete("/ports/" + b + "/link").status()).isEqualTo(204);
        assertThat(http.getJson("/ports/" + a, vendor("Port-v3")).get("peerId").isNull()).isTrue();
        assertThat(http.delete("/ports/" + b + "/link").status()).isEqualTo(204);
        assertThat(http.delete("/ports/" + id() + "/link").status()).isEqualTo(404);
    }

    @Test
    void aLinkToAMissingPortIs404() {
        UUID a = bridgePort(bridge());
        UUID missing = id();
        SimHttp.Response reply = http.post("/ports/" + a + "/link", vendor("PortLink-v1"), json("peerId", missing));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.message()).isEqualTo("There is no Port with ID " + missing + ".");
    }

    @Test
    void aLinkBodyWithPortIdFailsAsInMna1249() {
        UUID bridge = bridge();
        UUID a = bridgePort(bridge);
        UUID b = bridgePort(bridge);
        SimHttp.Response reply = http.post("/ports/" + a + "/link", vendor("PortLink-v1"), json("portId", a, "peerId", b));
        assertThat(reply.status()).isEqualTo(500);
        assertThat(http.getJson("/ports/" + a, vendor("Port-v3")).get("peerId").isNull()).as("nothing linked").isTrue();
    }
}

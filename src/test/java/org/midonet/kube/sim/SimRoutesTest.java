package org.midonet.kube.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.sim.SimHttp.collection;
import static org.midonet.kube.sim.SimHttp.json;
import static org.midonet.kube.sim.SimHttp.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Routes: creation rules, reading, immutability and deletion. */
class SimRoutesTest extends SimTestBase {

    private String normal(UUID id, UUID nextHopPort) {
        return json("id", id, "type", "Normal", "srcNetworkAddr", "0.0.0.0", "srcNetworkLength", 0,
                "dstNetworkAddr", "10.2.0.0", "dstNetworkLength", 16, "nextHopPort", nextHopPort,
                "nextHopGateway", "10.0.0.2", "weight", 100);
    }

    @Test
    void aNormalRouteThroughAPortOfTheRouterIsCreatedAndRead() {
        UUID router = router();
        UUID port = routerPort(router, "10.0.0.1/24");
        UUID route = http.create("/routers/" + router + "/routes", "Route-v1", normal(id(), port));
        JsonNode json = http.getJson("/routes/" + route, vendor("Route-v1"));
        assertThat(json.path("routerId").asText()).isEqualTo(router.toString());
        assertThat(json.path("dstNetworkAddr").asText()).isEqualTo("10.2.0.0");
        assertThat(json.path("nextHopGateway").asText()).isEqualTo("10.0.0.2");
        assertThat(json.path("weight").asInt()).isEqualTo(100);
        assertThat(json.path("learned").asBoolean()).isFalse();
        assertThat(json.has("attributes")).isTrue();
        assertThat(http.getJson("/routers/" + router + "/routes", collection("Route-v1")).findValuesAsText("id"))
                .contains(route.toString()).hasSize(2);
    }

    @Test
    void aNormalRouteNeedsANextHopPortOfTheSameRouter() {
        UUID router = router();
        UUID otherRouterPort = routerPort(router(), "10.0.0.1/24");
        for (UUID port : new UUID[] {null, id(), otherRouterPort}) {
            SimHttp.Response reply = http.post("/routers/" + router + "/routes", vendor("Route-v1"), normal(id(), port));
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.message())
                    .isEqualTo("This type of route requires a next hop port that is a port on the same router.");
        }
    }

    @Test
    void aBlackHoleRouteNeedsNoPort() {
        UUID router = router();
        UUID route = http.create("/routers/" + router + "/routes", "Route-v1", json("type", "BlackHole",
                "srcNetworkAddr", "0.0.0.0", "dstNetworkAddr", "10.9.0.0", "dstNetworkLength", 16));
        JsonNode json = http.getJson("/routes/" + route, vendor("Route-v1"));
        assertThat(json.path("routerId").asText()).isEqualTo(router.toString());
        assertThat(json.get("nextHopPort").isNull()).isTrue();
    }

    @Test
    void theTypeAndAddressesAreChecked() {
        UUID router = router();
        SimHttp.Response badType = http.post("/routers/" + router + "/routes", vendor("Route-v1"),
                json("type", "normal", "srcNetworkAddr", "0.0.0.0", "dstNetworkAddr", "10.0.0.0"));
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.message()).isEqualTo("This type of route is invalid.");
        SimHttp.Response missing = http.post("/routers/" + router + "/routes", vendor("Route-v1"),
                json("dstNetworkAddr", "10.0.0.300", "dstNetworkLength", 40, "weight", -1));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.message()).isEqualTo("Validation error(s) found");
        assertThat(missing.json().path("violations").findValuesAsText("property"))
                .contains("type", "srcNetworkAddr", "dstNetworkAddr", "dstNetworkLength", "weight");
    }

    @Test
    void aRouteOnAMissingRouterIs404AndTheSameIdTwice409() {
        UUID missing = id();
        SimHttp.Response reply = http.post("/routers/" + missing + "/routes", vendor("Route-v1"), json("type", "BlackHole",
                "srcNetworkAddr", "0.0.0.0", "dstNetworkAddr", "10.9.0.0"));
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.message()).isEqualTo("There is no Router with ID " + missing + ".");
        UUID router = router();
        UUID port = routerPort(router, "10.0.0.1/24");
        UUID route = http.create("/routers/" + router + "/routes", "Route-v1", normal(id(), port));
        assertThat(http.post("/routers/" + router + "/routes", vendor("Route-v1"), normal(route, port)).message())
                .isEqualTo("A(n) Route with ID " + route + " already exists.");
    }

    @Test
    void routesAreImmutableAndHaveNoCollectionOfTheirOwn() {
        UUID router = router();
        UUID route = http.create("/routers/" + router + "/routes", "Route-v1", normal(id(), routerPort(router, "10.0.0.1/24")));
        assertThat(http.put("/routes/" + route, vendor("Route-v1"), normal(route, null)).status()).isEqualTo(405);
        assertThat(http.get("/routes", collection("Route-v1")).status()).isEqualTo(405);
    }

    @Test
    void deletingARouteIsIdempotent() {
        UUID router = router();
        UUID route = http.create("/routers/" + router + "/routes", "Route-v1", normal(id(), routerPort(router, "10.0.0.1/24")));
        assertThat(http.delete("/routes/" + route).status()).isEqualTo(204);
        assertThat(http.get("/routes/" + route, vendor("Route-v1")).status()).isEqualTo(404);
        assertThat(http.delete("/routes/" + route).status()).isEqualTo(204);
    }

    @Test
    void routesOfAMissingRouterAre404() {
        assertThat(http.get("/routers/" + id() + "/routes", collection("Route-v1")).status()).isEqualTo(404);
    }
}

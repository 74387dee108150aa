package org.midonet.kube.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.sim.SimHttp.collection;
import static org.midonet.kube.sim.SimHttp.json;
import static org.midonet.kube.sim.SimHttp.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Media type negotiation, 405s, 404s for unknown paths and the error body. */
class SimMediaTypesTest extends SimTestBase {
    private static final String ERROR = vendor("Error-v1");

    @Test
    void aGetWithoutAcceptOrWithAListIs406() {
        SimHttp.Response none = http.get("/routers", null);
        assertThat(none.status()).isEqualTo(406);
        assertThat(none.header("Content-Type")).isEqualTo(ERROR);
        assertThat(none.json().path("code").asInt()).isEqualTo(406);
        assertThat(http.get("/routers", collection("Router-v3") + ", application/json").status()).isEqualTo(406);
        assertThat(http.get("/routers", collection("Router-v2")).status()).as("old version").isEqualTo(406);
        assertThat(http.get("/routers", vendor("Router-v3")).status()).as("item type on a list").isEqualTo(406);
    }

    @Test
    void compatibleTypesAreAcceptedAndEchoed() {
        UUID bridge = bridge();
        assertThat(http.get("/bridges/" + bridge, vendor("Bridge-v4") + "; charset=UTF-8").status()).isEqualTo(200);
        assertThat(http.get("/bridges/" + bridge, vendor("bridge-V4")).status()).as("case-insensitive").isEqualTo(200);
        assertThat(http.get("/bridges/" + bridge, vendor("Bridge-v5")).header("Content-Type")).isEqualTo(vendor("Bridge-v5"));
        SimHttp.Response json = http.get("/bridges/" + bridge, "application/json");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.header("Content-Type")).isEqualTo("application/json");
        assertThat(http.get("/bridges/" + bridge, "*/*").header("Content-Type")).isEqualTo(vendor("Bridge-v4"));
        assertThat(http.get("/", vendor("Application-v5")).json().path("version").asText()).isEqualTo("v5.0");
    }

    @Test
    void aPostWithoutOrWithAWrongContentTypeIs406OnGenericResources() {
        assertThat(http.post("/routers", null, json("name", "r")).status()).isEqualTo(406);
        assertThat(http.post("/routers", vendor("Bridge-v4"), json("name", "r")).status()).isEqualTo(406);
        assertThat(http.post("/routers", "application/json", json("name", "r")).status()).isEqualTo(201);
        UUID router = router();
        assertThat(http.put("/routers/" + router, "text/plain", json("name", "r")).status()).isEqualTo(406);
    }

    @Test
    void declaredSubResourcesAnswer415ForAWrongContentType() {
        UUID bridge = bridge();
        UUID a = bridgePort(bridge);
        UUID b = bridgePort(bridge);
        assertThat(http.post("/ports/" + a + "/link", vendor("Port-v3"), json("peerId", b)).status()).isEqualTo(415);
        assertThat(http.post("/ports/" + a + "/link", null, json("peerId", b)).status()).isEqualTo(415);
        assertThat(http.post("/ports/" + a + "/link", "application/json", json("peerId", b)).status()).isEqualTo(201);
        assertThat(http.get("/bridges/" + bridge + "/mac_table", "text/html").status()).isEqualTo(406);
        assertThat(http.get("/bridges/" + bridge + "/mac_table", "text/html;q=0.9, application/json;q=0.5").status())
                .as("Jersey reads Accept lists").isEqualTo(200);
    }

    @Test
    void undeclaredVerbsAre405() {
        UUID chain = chain();
        assertThat(http.put("/chains/" + chain, vendor("Chain-v1"), json("name", "x")).status()).isEqualTo(405);
        assertThat(http.post("/ports", vendor("Port-v3"), json("type", "Bridge")).status()).isEqualTo(405);
        assertThat(http.get("/rules", collection("Rule-v2")).status()).isEqualTo(405);
        assertThat(http.send("PATCH", "/routers", Map.of("Content-Type", vendor("Router-v3")), "{}").status()).isEqualTo(405);
        assertThat(http.get("/ports/" + id() + "/link", vendor("PortLink-v1")).status()).isEqualTo(405);
    }

    @Test
    void unknownPathsAre404() {
        SimHttp.Response unknown = http.get("/widgets", "application/json");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.message()).isEqualTo("Root resource widgets not found");
        assertThat(http.get("/routers/" + id() + "/widgets", "application/json").status()).isEqualTo(404);
        assertThat(http.get("/routers/not-a-uuid", vendor("Router-v3")).status()).isEqualTo(404);
        assertThat(http.get("/port_groups", "application/json").status()).as("real, but not emulated").isEqualTo(501);
    }

    @Test
    void badBodiesAre400AndUnknownPropertiesIgnored() {
        assertThat(http.post("/routers", vendor("Router-v3"), "{not json").status()).isEqualTo(400);
        assertThat(http.post("/routers", vendor("Router-v3"), "").status()).isEqualTo(400);
        assertThat(http.post("/routers", vendor("Router-v3"), json("id", "not-a-uuid")).status()).isEqualTo(400);
        assertThat(http.post("/routers", vendor("Router-v3"), json("adminStateUp", "maybe")).status()).isEqualTo(400);
        UUID router = http.create("/routers", "Router-v3", json("id", id(), "name", "r", "uri", "http://x/", "someday", 1));
        JsonNode json = http.getJson("/routers/" + router, vendor("Router-v3"));
        assertThat(http.put("/routers/" + router, vendor("Router-v3"), json.toString()).status())
                .as("a GET representation can be sent back").isEqualTo(204);
    }

    @Test
    void validationErrorsListTheirViolations() {
        SimHttp.Response reply = http.post("/routers", vendor("Router-v3"), json("name", "x".repeat(256)));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).isEqualTo(ERROR);
        JsonNode error = reply.json();
        assertThat(error.path("message").asText()).isEqualTo("Validation error(s) found");
        assertThat(error.path("code").asInt()).isEqualTo(400);
        assertThat(error.path("violations").get(0).path("property").asText()).isEqualTo("name");
    }

    @Test
    void theRootDocumentLinksTheResourcesAbsolutely() {
        JsonNode root = http.getJson("/", "application/json");
        assertThat(root.path("routers").asText()).isEqualTo(sim.apiUri() + "/routers");
        assertThat(root.path("routerTemplate").asText()).isEqualTo(sim.apiUri() + "/routers/{id}");
        assertThat(root.path("ruleTemplate").asText()).isEqualTo(sim.apiUri() + "/rules/{id}");
        assertThat(root.has("routes")).isFalse();
    }
}

package org.midonet.kube.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.sim.SimHttp.collection;
import static org.midonet.kube.sim.SimHttp.json;
import static org.midonet.kube.sim.SimHttp.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.model.ResourceKind;

/** The control API (/_admin) and the Java read API. */
class SimAdminTest extends SimTestBase {
    SimHttp admin;

    @BeforeEach
    void adminClient() {
        admin = new SimHttp(sim.adminUri());
    }

    @Test
    void theStateDumpShowsEverythingStored() {
        UUID chain = chain();
        UUID rule = rule(chain, "accept", 1);
        UUID bridge = bridge();
        UUID port = bridgePort(bridge);
        http.create("/bridges/" + bridge + "/mac_table", "MacPort-v2", json("macAddr", "02:00:00:00:00:01", "portId", port));
        JsonNode state = admin.getJson("/state", "application/json");
        assertThat(state.path("counts").path("Chain").asInt()).isEqualTo(1);
        assertThat(state.path("counts").path("MACPort").asInt()).isEqualTo(1);
        assertThat(state.path("counts").path("Host").asInt()).isEqualTo(2);
        assertThat(state.path("chains").path(chain.toString()).path("ruleIds").get(0).asText()).isEqualTo(rule.toString());
        assertThat(state.path("rules").path(rule.toString()).path("position").asInt()).isEqualTo(1);
        assertThat(state.path("ports").path(port.toString()).path("deviceId").asText()).isEqualTo(bridge.toString());
        assertThat(state.path("bridges").path(bridge.toString()).path("macTable")).hasSize(1);
        assertThat(state.path("hosts")).hasSize(2);
    }

    @Test
    void aResetKeepsOnlyTheHosts() {
        router();
        join(tunnelZone("tz"), NODE1);
        assertThat(admin.post("/reset", "application/json", "").status()).isEqualTo(204);
        assertThat(sim.state().count(ResourceKind.ROUTER)).isZero();
        assertThat(sim.state().count(ResourceKind.TUNNEL_ZONE)).isZero();
        assertThat(sim.state().hostCount()).isEqualTo(2);
        assertThat(http.getJson("/hosts", collection("Host-v3"))).hasSize(2);
        assertThat(sim.stats().requests()).isEqualTo(1);
    }

    @Test
    void statsCountRequestsByMethodAndStatusAndTheWritesThatChangedSomething() {
        UUID router = router();
        http.put("/routers/" + router, vendor("Router-v3"), json("name", "r", "tenantId", "t"));
        http.put("/routers/" + router, vendor("Router-v3"), json("name", "renamed"));
        http.delete("/routers/" + id());
        http.get("/routers/" + router, vendor("Router-v3"));
        http.get("/routers/" + id(), vendor("Router-v3"));
        http.post("/routers", vendor("Router-v3"), json("id", router));
        UUID port = routerPort(router, "10.0.0.1/24");
        http.delete("/ports/" + port);

        SimStats stats = sim.stats();
        assertThat(stats.requests()).isEqualTo(9);
        assertThat(stats.byMethod()).containsEntry("GET", 2L).containsEntry("POST", 3L).containsEntry("PUT", 2L)
                .containsEntry("DELETE", 2L);
        assertThat(stats.status(201)).isEqualTo(2);
        assertThat(stats.status(204)).isEqualTo(4);
        assertThat(stats.status(404)).isEqualTo(1);
        assertThat(stats.status(409)).isEqualTo(1);
        assertThat(stats.writeRequests()).isEqualTo(6);
        assertThat(stats.writes()).as("the PUT of the same values and the DELETE of nothing changed nothing").isEqualTo(4);
        assertThat(stats.writesByMethod()).containsEntry("POST", 2L).containsEntry("PUT", 1L).containsEntry("DELETE", 1L);
        assertThat(stats.writes("Router")).isEqualTo(2);
        assertThat(stats.writes("Port")).isEqualTo(2);

        JsonNode json = admin.getJson("/stats", "application/json");
        assertThat(json.path("writes").asLong()).isEqualTo(4);
        assertThat(json.path("byMethod").path("POST").asLong()).isEqualTo(3);
        assertThat(admin.delete("/stats").status()).isEqualTo(204);
        assertThat(sim.stats().requests()).isZero();
    }

    @Test
    void faultsAreReadAndChangedAsJson() {
        JsonNode faults = admin.put("/faults", "application/json",
                json("failRate", 0.25, "dropRate", 0.1, "latencyMillis", 5, "tokenTtlSeconds", 60, "seed", 3)).json();
        assertThat(faults.path("failRate").asDouble()).isEqualTo(0.25);
        assertThat(faults.path("dropRate").asDouble()).isEqualTo(0.1);
        assertThat(faults.path("latencyMillis").asLong()).isEqualTo(5);
        assertThat(faults.path("tokenTtlSeconds").asLong()).isEqualTo(60);
        assertThat(faults.path("outageActive").asBoolean()).isFalse();
        assertThat(sim.faults().failRate()).isEqualTo(0.25);
        SimHttp.Response bad = admin.put("/faults", "application/json", json("failRate", 2, "dropRate", 0));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.message()).contains("failRate");
        assertThat(sim.faults().dropRate()).as("nothing applied").isEqualTo(0.1);
        assertThat(admin.getJson("/faults", "application/json").path("failRate").asDouble()).isEqualTo(0.25);
        sim.faults().clear();
    }

    @Test
    void hostsCanBeAddedAtRunTime() {
        JsonNode host = admin.post("/hosts", "application/json", json("name", "node-3", "addresses", List.of("192.0.2.3")))
                .json();
        assertThat(host.path("id").asText()).isEqualTo(SimHost.idFor("node-3").toString());
        assertThat(http.getJson("/hosts", collection("Host-v3")).findValuesAsText("name")).contains("node-3");
        assertThat(admin.post("/hosts", "application/json", json("id", "x", "name", "n")).status()).isEqualTo(400);
        assertThat(admin.delete("/hosts/" + SimHost.idFor("node-3")).status()).isEqualTo(204);
        assertThat(sim.state().hosts()).extracting(SimHost::name).containsExactly("node-1", "node-2");
    }

    @Test
    void concurrentWritesAreSerialisedAndAllCounted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                replies.add(pool.submit(() -> http.post("/bridges", vendor("Bridge-v4"), json("id", id())).status()));
            }
            for (Future<Integer> reply : replies) {
                assertThat(reply.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(sim.state().count(ResourceKind.BRIDGE)).isEqualTo(64);
        assertThat(sim.stats().writes("Bridge")).isEqualTo(64);
    }

    @Test
    void unknownPathsAre404() {
        assertThat(admin.get("/nothing", "application/json").status()).isEqualTo(404);
        assertThat(admin.get("", "application/json").json().has("GET /_admin/state")).isTrue();
        assertThat(new SimHttp(sim.adminUri().resolve("/")).get("elsewhere", null).status()).isEqualTo(404);
    }

    @Test
    void theJavaApiReadsObjectsAsTheApiShowsThem() {
        UUID router = router();
        UUID port = routerPort(router, "10.0.0.1/24");
        UUID chain = chain();
        UUID b = rule(chain, "drop", 1);
        UUID a = rule(chain, "accept", 1);
        SimState state = sim.state();
        assertThat(state.get(ResourceKind.ROUTER, router)).get()
                .satisfies(r -> assertThat(r.path("uri").asText()).isEqualTo(sim.apiUri() + "/routers/" + router));
        assertThat(state.get(ResourceKind.PORT, port)).get()
                .satisfies(p -> assertThat(p.path("portAddress").asText()).isEqualTo("10.0.0.1"));
        assertThat(state.get(ResourceKind.ROUTER, id())).isEmpty();
        assertThat(state.rules(chain)).extracting(r -> r.path("id").asText()).containsExactly(a.toString(), b.toString());
        assertThat(state.routes(router)).hasSize(1);
        assertThat(state.counts()).containsEntry("Router", 1).containsEntry("Rule", 2).containsEntry("Route", 1);
        assertThat(state.dump().path("routers").has(router.toString())).isTrue();
    }
}

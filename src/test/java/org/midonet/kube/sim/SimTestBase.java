package org.midonet.kube.sim;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One emulator per test class on an ephemeral port, with two hosts, reset before each test; and helpers that
 * create the usual objects.
 */
abstract class SimTestBase {
    static final SimHost NODE1 = SimHost.named("node-1", "192.0.2.1");
    static final SimHost NODE2 = SimHost.named("node-2", "192.0.2.2");

    static MidonetSim sim;
    SimHttp http;

    @BeforeAll
    static void startEmulator() throws IOException {
        sim = MidonetSim.start(SimOptions.builder().port(0).host(NODE1).host(NODE2).seed(7L).build());
    }

    @AfterAll
    static void stopEmulator() {
        sim.close();
    }

    @BeforeEach
    void resetEmulator() {
        sim.reset();
        sim.faults().clear();
        http = new SimHttp(sim.apiUri());
    }

    static UUID id() {
        return UUID.randomUUID();
    }

    UUID router() {
        return http.create("/routers", "Router-v3", SimHttp.json("id", id(), "name", "r", "tenantId", "t"));
    }

    UUID bridge() {
        return http.create("/bridges", "Bridge-v4", SimHttp.json("id", id(), "name", "b", "tenantId", "t"));
    }

    UUID chain() {
        return http.create("/chains", "Chain-v1", SimHttp.json("id", id(), "name", "c", "tenantId", "t"));
    }

    UUID bridgePort(UUID bridge) {
        return http.create("/bridges/" + bridge + "/ports", "Port-v3", SimHttp.json("id", id(), "type", "Bridge"));
    }

    UUID routerPort(UUID router, String subnet) {
        return http.create("/routers/" + router + "/ports", "Port-v3",
                SimHttp.json("id", id(), "type", "Router", "portSubnet", List.of(subnet)));
    }

    UUID rule(UUID chain, String type, int position) {
        return http.create("/chains/" + chain + "/rules", "Rule-v2",
                SimHttp.json("id", id(), "type", type, "position", position));
    }

    UUID tunnelZone(String name) {
        return http.create("/tunnel_zones", "TunnelZone-v1", SimHttp.json("id", id(), "name", name, "type", "vxlan"));
    }

    void join(UUID zone, SimHost host) {
        http.create("/tunnel_zones/" + zone + "/hosts", "TunnelZoneHost-v1",
                SimHttp.json("hostId", host.id(), "ipAddress", host.addresses().get(0)));
    }
}

package org.midonet.kube.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.sim.SimHttp.collection;
import static org.midonet.kube.sim.SimHttp.json;
import static org.midonet.kube.sim.SimHttp.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A bridge's MAC and ARP tables. */
class SimTablesTest extends SimTestBase {

    @Test
    void macEntriesAreAddedReadAndDeletedByHyphenatedKeys() {
        UUID bridge = bridge();
        UUID port = bridgePort(bridge);
        SimHttp.Response added = http.post("/bridges/" + bridge + "/mac_table", vendor("MacPort-v2"),
                json("macAddr", "02:AA:00:00:00:01", "portId", port));
        assertThat(added.status()).isEqualTo(201);
        String item = "/bridges/" + bridge + "/mac_table/02-aa-00-00-00-01_" + port;
        assertThat(added.header("Location")).isEqualTo(sim.apiUri() + item);
        JsonNode entry = http.getJson(item, vendor("MACPort-v2"));
        assertThat(entry.path("macAddr").asText()).isEqualTo("02:aa:00:00:00:01");
        assertThat(entry.path("portId").asText()).isEqualTo(port.toString());
        assertThat(entry.path("vlanId").asInt()).isZero();
        assertThat(http.getJson("/bridges/" + bridge + "/mac_table", collection("MacPort-v2"))).hasSize(1);
        assertThat(http.getJson("/bridges/" + bridge + "/mac_table", "application/json")).hasSize(1);

        assertThat(http.delete(item).status()).isEqualTo(204);
        SimHttp.Response gone = http.get(item, vendor("MacPort-v2"));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.message()).isEqualTo("The specified bridge does not have the specified MAC-port mapping.");
        assertThat(http.delete(item).status()).as("idempotent").isEqualTo(204);
    }

    @Test
    void aDuplicateMacEntryIs500WithoutErrorJson() {
        UUID bridge = bridge();
        UUID port = bridgePort(bridge);
        String entry = json("macAddr", "02:00:00:00:00:01", "portId", port);
        http.create("/bridges/" + bridge + "/mac_table", "MacPort-v2", entry);
        SimHttp.Response again = http.post("/bridges/" + bridge + "/mac_table", vendor("MacPort-v2"), entry);
        assertThat(again.status()).as("MNA-1315").isEqualTo(500);
        assertThat(again.header("Content-Type")).startsWith("text/plain");
    }

    @Test
    void theMacEntrysPortMustBeOnTheBridge() {
        UUID bridge = bridge();
        UUID foreign = bridgePort(bridge());
        SimHttp.Response reply = http.post("/bridges/" + bridge + "/mac_table", vendor("MacPort-v2"),
                json("macAddr", "02:00:00:00:00:01", "portId", foreign));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).isEqualTo("The port must belong to the bridge that owns the MAC table.");
        UUID missing = id();
        assertThat(http.post("/bridges/" + bridge + "/mac_table", vendor("MacPort-v2"),
                json("macAddr", "02:00:00:00:00:01", "portId", missing)).status()).isEqualTo(404);
        assertThat(http.post("/bridges/" + bridge + "/mac_table", vendor("MacPort-v2"),
                json("macAddr", "02:00:00:00:01", "portId", foreign)).status()).isEqualTo(400);
        assertThat(http.post("/bridges/" + bridge + "/mac_table", "text/plain", "x").status()).isEqualTo(415);
    }

    @Test
    void malformedMacKeysAre400AndUnknownVlansOrBridges404() {
        UUID bridge = bridge();
        UUID port = bridgePort(bridge);
        SimHttp.Response colons = http.get("/bridges/" + bridge + "/mac_table/02:00:00:00:00:01_" + port, vendor("MacPort-v2"));
        assertThat(colons.status()).isEqualTo(400);
        assertThat(colons.message()).startsWith("MAC address must consist of six pairs of hex digits separated by hyphens");
        SimHttp.Response vlan = http.get("/bridges/" + bridge + "/vlans/7/mac_table", collection("MacPort-v2"));
        assertThat(vlan.status()).isEqualTo(404);
        assertThat(vlan.message()).isEqualTo("The specified bridge has no ports assigned to VLAN 7.");
        assertThat(http.delete("/bridges/" + id() + "/mac_table/02-00-00-00-00-01_" + port).status()).isEqualTo(404);
    }

    @Test
    void vlanTablesExistForTheVlansOfTheBridgesPorts() {
        UUID bridge = bridge();
        UUID port = http.create("/bridges/" + bridge + "/ports", "Port-v3", json("id", id(), "type", "Bridge", "vlanId", 7));
        SimHttp.Response wrongVlan = http.post("/bridges/" + bridge + "/mac_table", vendor("MacPort-v2"),
                json("macAddr", "02:00:00:00:00:01", "portId", port));
        assertThat(wrongVlan.status()).isEqualTo(400);
        assertThat(wrongVlan.message()).isEqualTo("The specified port handles traffic only for VLAN 7.");
        SimHttp.Response added = http.post("/bridges/" + bridge + "/vlans/7/mac_table", vendor("MacPort-v2"),
                json("macAddr", "02:00:00:00:00:01", "portId", port, "vlanId", 3));
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.header("Location")).endsWith("/vlans/7/mac_table/02-00-00-00-00-01_" + port);
        assertThat(http.getJson("/bridges/" + bridge + "/vlans/7/mac_table", collection("MacPort-v2"))).hasSize(1);
        assertThat(http.getJson("/bridges/" + bridge + "/mac_table", collection("MacPort-v2")).get(0).path("vlanId").asInt())
                .isEqualTo(7);
    }

    @Test
    void arpEntriesAreAddedWithTheirVendorTypeOnly() {
        UUID bridge = bridge();
        String entry = json("ip", "10.1.0.5", "mac", "02:00:00:00:00:01");
        assertThat(http.post("/bridges/" + bridge + "/arp_table", "application/json", entry).status()).isEqualTo(415);
        SimHttp.Response added = http.post("/bridges/" + bridge + "/arp_table", vendor("IP4Mac-v1"), entry);
        assertThat(added.status()).isEqualTo(201);
        String item = "/bridges/" + bridge + "/arp_table/10.1.0.5_02-00-00-00-00-01";
        assertThat(added.header("Location")).isEqualTo(sim.apiUri() + item);
        assertThat(http.getJson(item, "application/json").path("mac").asText()).isEqualTo("02:00:00:00:00:01");
        assertThat(http.getJson("/bridges/" + bridge + "/arp_table", collection("IP4Mac-v1"))).hasSize(1);

        SimHttp.Response again = http.post("/bridges/" + bridge + "/arp_table", vendor("IP4Mac-v1"), entry);
        assertThat(again.status()).as("MNA-1315").isEqualTo(500);
        assertThat(http.delete(item).status()).isEqualTo(204);
        SimHttp.Response gone = http.get(item, vendor("IP4Mac-v1"));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.message()).isEqualTo("The specified bridge does not have the specified ARP table entry.");
        assertThat(http.delete(item).status()).isEqualTo(204);
    }

    @Test
    void arpEntriesAreValidated() {
        UUID bridge = bridge();
        assertThat(http.post("/bridges/" + bridge + "/arp_table", vendor("IP4Mac-v1"),
                json("ip", "10.1.0.500", "mac", "02:00:00:00:00:01")).status()).isEqualTo(400);
        assertThat(http.post("/bridges/" + bridge + "/arp_table", vendor("IP4Mac-v1"),
                json("ip", "10.1.0.5", "mac", "nope")).status()).isEqualTo(400);
        assertThat(http.post("/bridges/" + bridge + "/arp_table", vendor("IP4Mac-v1"), json("mac", "02:00:00:00:00:01"))
                .status()).isEqualTo(400);
        assertThat(http.get("/bridges/" + bridge + "/arp_table/10.1.0.5_02:00:00:00:00:01", vendor("IP4Mac-v1")).status())
                .isEqualTo(400);
    }
}

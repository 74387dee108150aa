package org.midonet.kube.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.sim.SimHttp.collection;
import static org.midonet.kube.sim.SimHttp.json;
import static org.midonet.kube.sim.SimHttp.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.model.ResourceKind;

/** Tunnel zones, their members, the seeded hosts and host-interface port bindings. */
class SimTunnelZonesTest extends SimTestBase {

    @Test
    void tunnelZoneNamesAreUniqueAcrossTypesAndAPutKeepingTheNameClashesWithItself() {
        UUID zone = tunnelZone("tz");
        SimHttp.Response sameName = http.post("/tunnel_zones", vendor("TunnelZone-v1"),
                json("id", id(), "name", "tz", "type", "gre"));
        assertThat(sameName.status()).isEqualTo(409);
        assertThat(sameName.message()).isEqualTo("Tunnel zone name already exists.");
        assertThat(http.post("/tunnel_zones", vendor("TunnelZone-v1"), json("id", zone, "name", "tz", "type", "vxlan")).message())
                .as("the name is checked before the id").isEqualTo("Tunnel zone name already exists.");
        assertThat(http.post("/tunnel_zones", vendor("TunnelZone-v1"),
                json("id", zone, "name", "other", "type", "vxlan")).message())
                .isEqualTo("A(n) TunnelZone with ID " + zone + " already exists.");
        assertThat(http.post("/tunnel_zones", vendor("TunnelZone-v1"), json("id", id(), "name", "TZ", "type", "vxlan")).status())
                .as("case-sensitive").isEqualTo(201);

        SimHttp.Response keep = http.put("/tunnel_zones/" + zone, vendor("TunnelZone-v1"), json("name", "tz", "type", "vxlan"));
        assertThat(keep.status()).isEqualTo(409);
        assertThat(http.put("/tunnel_zones/" + zone, vendor("TunnelZone-v1"), json("name", "tz2", "type", "gre")).status())
                .isEqualTo(204);
        JsonNode json = http.getJson("/tunnel_zones/" + zone, vendor("TunnelZone-v1"));
        assertThat(json.path("name").asText()).isEqualTo("tz2");
        assertThat(json.path("type").asText()).isEqualTo("gre");
        assertThat(http.getJson("/tunnel_zones", collection("TunnelZone-v1"))).hasSize(2);
    }

    @Test
    void theNameAndALowerCaseTypeAreRequired() {
        assertThat(http.post("/tunnel_zones", vendor("TunnelZone-v1"), json("name", "tz", "type", "VXLAN")).status())
                .isEqualTo(400);
        SimHttp.Response missing = http.post("/tunnel_zones", vendor("TunnelZone-v1"), json("id", id()));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("violations").findValuesAsText("property")).containsExactlyInAnyOrder("name", "type");
        assertThat(http.post("/tunnel_zones", vendor("TunnelZone-v1"), json("name", "", "type", "gre")).status()).isEqualTo(400);
    }

    @Test
    void deletingAZoneIsIdempotent() {
        UUID zone = tunnelZone("tz");
        assertThat(http.delete("/tunnel_zones/" + zone).status()).isEqualTo(204);
        assertThat(http.delete("/tunnel_zones/" + zone).status()).isEqualTo(204);
        assertThat(http.get("/tunnel_zones/" + zone, vendor("TunnelZone-v1")).status()).isEqualTo(404);
    }

    @Test
    void membershipAnswersEmptyBodiedConflictsAndNotFounds() {
        UUID zone = tunnelZone("tz");
        String member = json("hostId", NODE1.id(), "ipAddress", "192.0.2.1");
        SimHttp.Response added = http.post("/tunnel_zones/" + zone + "/hosts", vendor("TunnelZoneHost-v1"), member);
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.header("Location")).isEqualTo(sim.apiUri() + "/tunnel_zones/" + zone + "/hosts/" + NODE1.id());
        SimHttp.Response again = http.post("/tunnel_zones/" + zone + "/hosts", vendor("TunnelZoneHost-v1"), member);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).isEmpty();

        JsonNode json = http.getJson("/tunnel_zones/" + zone + "/hosts/" + NODE1.id(), vendor("TunnelZoneHost-v1"));
        assertThat(json.path("ipAddress").asText()).isEqualTo("192.0.2.1");
        assertThat(json.path("tunnelZoneId").asText()).isEqualTo(zone.toString());
        assertThat(http.getJson("/tunnel_zones/" + zone + "/hosts", collection("TunnelZoneHost-v1"))).hasSize(1);
        assertThat(http.getJson("/hosts/" + NODE1.id(), vendor("Host-v3")).path("tunnelZones").get(0).asText())
                .isEqualTo(zone.toString());

        assertThat(http.delete("/tunnel_zones/" + zone + "/hosts/" + NODE1.id()).status()).isEqualTo(204);
        SimHttp.Response gone = http.delete("/tunnel_zones/" + zone + "/hosts/" + NODE1.id());
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).isEmpty();
    }

    @Test
    void membershipNeedsAnExistingZoneAndHostAndTakesVendorTypesOnly() {
        UUID zone = tunnelZone("tz");
        UUID unknownHost = id();
        SimHttp.Response noHost = http.post("/tunnel_zones/" + zone + "/hosts", vendor("TunnelZoneHost-v1"),
                json("hostId", unknownHost, "ipAddress", "192.0.2.9"));
        assertThat(noHost.status()).isEqualTo(404);
        assertThat(noHost.message()).isEqualTo("There is no Host with ID " + unknownHost + ".");
        UUID unknownZone = id();
        assertThat(http.post("/tunnel_zones/" + unknownZone + "/hosts", vendor("TunnelZoneHost-v1"),
                json("hostId", NODE1.id(), "ipAddress", "192.0.2.1")).message())
                .isEqualTo("There is no TunnelZone with ID " + unknownZone + ".");
        assertThat(http.post("/tunnel_zones/" + zone + "/hosts", "application/json",
                json("hostId", NODE1.id(), "ipAddress", "192.0.2.1")).status()).isEqualTo(415);
        assertThat(http.get("/tunnel_zones/" + zone + "/hosts", "application/json").status()).isEqualTo(406);
        assertThat(http.post("/tunnel_zones/" + zone + "/hosts", vendor("GreTunnelZoneHost-v1"),
                json("hostId", NODE1.id(), "ipAddress", "192.0.2.1")).status()).isEqualTo(201);
        assertThat(http.post("/tunnel_zones/" + zone + "/hosts", vendor("TunnelZoneHost-v1"),
                json("hostId", NODE2.id(), "ipAddress", "not-an-ip")).status()).isEqualTo(400);
    }

    @Test
    void theSeededHostsAreListedAndReadOnly() {
        JsonNode hosts = http.getJson("/hosts", collection("Host-v3"));
        assertThat(hosts.findValuesAsText("name")).containsExactly("node-1", "node-2");
        JsonNode host = http.getJson("/hosts/" + NODE1.id(), vendor("Host-v3"));
        assertThat(host.path("alive").asBoolean()).isTrue();
        assertThat(host.path("addresses").get(0).asText()).isEqualTo("192.0.2.1");
        assertThat(host.path("id").asText()).isEqualTo(SimHost.idFor("node-1").toString());
        UUID missing = id();
        assertThat(http.get("/hosts/" + missing, vendor("Host-v3")).message())
                .isEqualTo("There is no Host with ID " + missing + ".");
        assertThat(http.post("/hosts", vendor("Host-v3"), json("name", "x")).status()).isEqualTo(405);
    }

    @Test
    void aPortCanBeBoundOnlyOnAHostInATunnelZone() {
        UUID port = bridgePort(bridge());
        String binding = json("portId", port, "interfaceName", "veth0");
        SimHttp.Response notInZone = http.post("/hosts/" + NODE1.id() + "/ports", vendor("HostInterfacePort-v1"), binding);
        assertThat(notInZone.status()).isEqualTo(409);
        assertThat(notInZone.message()).isEqualTo("The specified host is not in any tunnel zone.");

        join(tunnelZone("tz"), NODE1);
        SimHttp.Response bound = http.post("/hosts/" + NODE1.id() + "/ports", vendor("HostInterfacePort-v1"), binding);
        assertThat(bound.status()).isEqualTo(201);
        assertThat(bound.header("Location")).isEqualTo(sim.apiUri() + "/hosts/" + NODE1.id() + "/ports/" + port);
        JsonNode json = http.getJson("/ports/" + port, vendor("Port-v3"));
        assertThat(json.path("hostId").asText()).isEqualTo(NODE1.id().toString());
        assertThat(json.path("interfaceName").asText()).isEqualTo("veth0");
        assertThat(sim.state().count(ResourceKind.HOST_INTERFACE_PORT)).isEqualTo(1);

        SimHttp.Response twice = http.post("/hosts/" + NODE1.id() + "/ports", vendor("HostInterfacePort-v1"), binding);
        assertThat(twice.message()).isEqualTo("Port " + port + " is already bound to an interface");
        UUID other = bridgePort(bridge());
        SimHttp.Response sameInterface = http.post("/hosts/" + NODE1.id() + "/ports", "application/json",
                json("portId", other, "interfaceName", "veth0"));
        assertThat(sameInterface.status()).isEqualTo(409);
        assertThat(sameInterface.message()).isEqualTo("Interface veth0 is already bound to a port.");
        UUID missing = id();
        assertThat(http.post("/hosts/" + NODE1.id() + "/ports", vendor("HostInterfacePort-v1"),
                json("portId", missing, "interfaceName", "veth1")).message())
                .isEqualTo("There is no Port with ID " + missing + ".");
    }

    @Test
    void bindingsAreListedReadAndRemoved() {
        join(tunnelZone("tz"), NODE1);
        UUID port = bridgePort(bridge());
        http.create("/hosts/" + NODE1.id() + "/ports", "HostInterfacePort-v1", json("portId", port, "interfaceName", "veth0"));
        JsonNode list = http.getJson("/hosts/" + NODE1.id() + "/ports", collection("HostInterfacePort-v1"));
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("interfaceName").asText()).isEqualTo("veth0");
        assertThat(http.get("/hosts/" + NODE1.id() + "/ports", "application/json").status()).isEqualTo(406);
        assertThat(http.get("/hosts/" + NODE1.id() + "/ports/" + port, null).status()).as("item GET unchecked").isEqualTo(200);
        SimHttp.Response elsewhere = http.get("/hosts/" + NODE2.id() + "/ports/" + port, vendor("HostInterfacePort-v1"));
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(elsewhere.message()).isEqualTo("Host interface port not found");

        assertThat(http.delete("/hosts/" + NODE2.id() + "/ports/" + port).status()).as("host not checked").isEqualTo(204);
        assertThat(http.getJson("/ports/" + port, vendor("Port-v3")).get("hostId").isNull()).isTrue();
        assertThat(http.delete("/hosts/" + NODE1.id() + "/ports/" + id()).status()).isEqualTo(404);
    }
}

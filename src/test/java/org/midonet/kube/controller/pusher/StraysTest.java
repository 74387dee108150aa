package org.midonet.kube.controller.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.apply.ClaimRegistry;
import org.midonet.kube.apply.Identity;
import org.midonet.kube.controller.pusher.DriftRepair.Pushed;
import org.midonet.kube.midonet.model.Ip4MacPair;
import org.midonet.kube.midonet.model.MacPort;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.ResourceKind;
import org.midonet.kube.midonet.model.Route;
import org.midonet.kube.midonet.model.Router;

/** Which objects of our devices' listings are strays, and which are MidoNet's, learned, or claimed elsewhere. */
class StraysTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Router ROUTER = new Router(id(1), "ClusterRouter", "midonetkube");
    private static final UUID NEW_PORT = id(11);
    private static final UUID OLD_PORT = id(12);
    private static final UUID BRIDGE = id(2);
    private static final UUID POD_PORT = id(21);
    private static final UUID HOST_PORT = id(22);
    private static final UUID OTHER_PORT = id(23);

    private final ClaimRegistry claims = new ClaimRegistry();
    private final Map<String, Map<String, JsonNode>> listed = new HashMap<>();

    @Test
    void aRouteIsAStrayUnlessATranslationHoldsItOrMidonetMadeIt() {
        Route claimed = Route.normal(ROUTER.id(), id(30), "10.1.1.0", 24, NEW_PORT, null);
        List<Pushed> pushed = pushed("global/cluster-router", ROUTER, claimed);
        listed.put(Strays.portsOf(ROUTER), Map.of(
                key(NEW_PORT), json("{\"id\":\"%s\",\"portSubnet\":[\"10.1.1.1/24\"]}", NEW_PORT),
                key(OLD_PORT), json("{\"id\":\"%s\",\"portAddress\":\"10.1.2.1\",\"networkLength\":24}", OLD_PORT)));
        listed.put(Strays.routesOf(ROUTER), Map.of(
                key(id(30)), route(id(30), "Normal", "10.1.1.0", 24, NEW_PORT, false),
                key(id(31)), route(id(31), "Local", "10.1.1.1", 32, NEW_PORT, false),
                key(id(32)), route(id(32), "Local", "10.1.2.1", 32, OLD_PORT, false),
                key(id(33)), route(id(33), "Normal", "10.9.0.0", 16, OLD_PORT, true),
                key(id(34)), route(id(34), "Local", "10.1.1.7", 32, NEW_PORT, false),
                key(id(35)), route(id(35), "Local", "10.1.2.1", 32, NEW_PORT, false),
                key(id(36)), route(id(36), "Normal", "10.1.2.30", 32, NEW_PORT, false)));

        assertThat(strayKeys(pushed)).as("a Local route to another address than its port's, and an unclaimed route")
                .containsExactlyInAnyOrder(key(id(34)), key(id(35)), key(id(36)));

        listed.remove(Strays.portsOf(ROUTER));
        assertThat(strayKeys(pushed)).as("MidoNet's routes cannot be told without the router's ports").isEmpty();
    }

    @Test
    void aTableEntryIsAStrayOnlyWhenItSendsAnAddressOfOursElsewhere() {
        MacPort podMac = new MacPort(BRIDGE, "02:00:0a:01:02:1e", POD_PORT);
        Ip4MacPair podArp = new Ip4MacPair(BRIDGE, "10.1.2.30", "02:00:0a:01:02:1e");
        List<Pushed> pushed = pushed("default/pod.db-0", podMac, podArp);
        MacPort movingHere = new MacPort(BRIDGE, "02:00:0a:01:02:1e", OTHER_PORT);
        claims.claim("default/pod.db-1", List.of(Identity.of(movingHere))); // queued, not among those checked
        listed.put(podMac.createPath(), Map.of(
                key(podMac), json("{\"macAddr\":\"02:00:0A:01:02:1E\",\"portId\":\"%s\"}", POD_PORT),
                "02-00-0a-01-02-1e_" + HOST_PORT, json("{\"macAddr\":\"02:00:0a:01:02:1e\",\"portId\":\"%s\"}", HOST_PORT),
                key(movingHere), json("{\"macAddr\":\"02:00:0a:01:02:1e\",\"portId\":\"%s\"}", OTHER_PORT),
                "02-00-de-ad-be-ef_" + HOST_PORT, json("{\"macAddr\":\"02:00:de:ad:be:ef\",\"portId\":\"%s\"}", HOST_PORT)));
        listed.put(podArp.createPath(), Map.of(
                key(podArp), json("{\"ip\":\"10.1.2.30\",\"mac\":\"02:00:0a:01:02:1e\"}"),
                "10.1.2.30_02-00-de-ad-be-ef", json("{\"ip\":\"10.1.2.30\",\"mac\":\"02:00:de:ad:be:ef\"}"),
                "10.1.2.99_02-00-de-ad-be-ef", json("{\"ip\":\"10.1.2.99\",\"mac\":\"02:00:de:ad:be:ef\"}")));

        assertThat(Strays.find(pushed, MidonetListings.of(listed), claims))
                .extracting(s -> s.object().kind() + " " + s.object().key())
                .containsExactlyInAnyOrder(ResourceKind.MAC_PORT + " 02-00-0a-01-02-1e_" + HOST_PORT,
                        ResourceKind.IPV4_MAC_PAIR + " 10.1.2.30_02-00-de-ad-be-ef");
    }

    private List<Pushed> pushed(String key, MidonetResource... content) {
        claims.claim(key, List.of(content).stream().map(Identity::of).toList());
        return List.of(new Pushed(key, null, List.of(content), 0));
    }

    private List<String> strayKeys(List<Pushed> pushed) {
        return Strays.find(pushed, MidonetListings.of(listed), claims).stream().map(s -> s.object().key()).toList();
    }

    private static ObjectNode route(UUID id, String type, String dst, int length, UUID port, boolean learned) {
        return (ObjectNode) json("{\"id\":\"%s\",\"type\":\"%s\",\"srcNetworkAddr\":\"0.0.0.0\",\"srcNetworkLength\":0,"
                + "\"dstNetworkAddr\":\"%s\",\"dstNetworkLength\":%d,\"nextHopPort\":\"%s\",\"learned\":%b}",
                id, type, dst, length, port, learned);
    }

    private static JsonNode json(String format, Object... args) {
        try {
            return JSON.readTree(String.format(format, args));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String key(UUID id) {
        return id.toString();
    }

    private static String key(MidonetResource resource) {
        return resource.key().toLowerCase();
    }

    private static UUID id(int n) {
        return UUID.fromString(String.format("00000000-0000-0000-0000-%012d", n));
    }
}

package org.midonet.kube.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.model.ResourceKind;
import org.midonet.kube.trace.Topology.Chain;
import org.midonet.kube.trace.Topology.Device;
import org.midonet.kube.trace.Topology.DeviceType;
import org.midonet.kube.trace.Topology.NatTarget;
import org.midonet.kube.trace.Topology.Port;
import org.midonet.kube.trace.Topology.Route;
import org.midonet.kube.trace.Topology.Rule;

/**
 * Reads the whole virtual network through MidoNet's REST API: any MidoNet, the emulator or a real one. One
 * list call per collection, plus one per chain (rules), router (routes) and bridge (MAC and ARP tables).
 */
public final class TopologyReader {
    private static final String MAC_PORTS = "application/vnd.org.midonet.collection.MacPort-v2+json";
    private static final String IP4_MACS = "application/vnd.org.midonet.collection.IP4Mac-v1+json";

    private TopologyReader() {
    }

    public static Topology read(MidonetClient client) {
        List<Device> devices = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        Map<UUID, Map<String, UUID>> macTables = new HashMap<>();
        Map<UUID, Map<String, String>> arpTables = new HashMap<>();
        for (JsonNode json : client.list("/routers", ResourceKind.ROUTER.collectionMediaType())) {
            Device router = device(json, DeviceType.ROUTER);
            devices.add(router);
            client.list("/routers/" + router.id() + "/routes", ResourceKind.ROUTE.collectionMediaType())
                    .forEach(r -> routes.add(route(router.id(), r)));
        }
        for (JsonNode json : client.list("/bridges", ResourceKind.BRIDGE.collectionMediaType())) {
            Device bridge = device(json, DeviceType.BRIDGE);
            devices.add(bridge);
            Map<String, UUID> macs = new HashMap<>();
            client.list("/bridges/" + bridge.id() + "/mac_table", MAC_PORTS)
                    .forEach(m -> macs.put(m.path("macAddr").asText().toLowerCase(), uuid(m, "portId")));
            macTables.put(bridge.id(), macs);
            Map<String, String> arps = new HashMap<>();
            client.list("/bridges/" + bridge.id() + "/arp_table", IP4_MACS)
                    .forEach(a -> arps.put(a.path("ip").asText(), a.path("mac").asText().toLowerCase()));
            arpTables.put(bridge.id(), arps);
        }
        List<Port> ports = client.list("/ports", ResourceKind.PORT.collectionMediaType()).stream()
                .map(TopologyReader::port).toList();
        List<Chain> chains = new ArrayList<>();
        for (JsonNode json : client.list("/chains", "application/vnd.org.midonet.collection.Chain-v1+json")) {
            UUID id = uuid(json, "id");
            List<Rule> rules = client.list("/chains/" + id + "/rules", ResourceKind.RULE.collectionMediaType())
                    .stream().map(r -> rule(id, r)).toList();
            chains.add(new Chain(id, text(json, "name"), rules));
        }
        return new Topology(devices, ports, chains, routes, macTables, arpTables);
    }

    static Device device(JsonNode json, DeviceType type) {
        return new Device(uuid(json, "id"), type, text(json, "name"), json.path("adminStateUp").asBoolean(true),
                uuid(json, "inboundFilterId"), uuid(json, "outboundFilterId"));
    }

    static Port port(JsonNode json) {
        DeviceType type = "Router".equals(text(json, "type")) ? DeviceType.ROUTER : DeviceType.BRIDGE;
        Prefix subnet = null;
        String address = null;
        for (JsonNode s : json.path("portSubnet")) {
            String cidr = s.asText();
            if (!cidr.contains(":")) {
                subnet = Prefix.parse(cidr);
                address = cidr.substring(0, cidr.indexOf('/'));
                break;
            }
        }
        if (address == null && text(json, "portAddress") != null) {
            address = text(json, "portAddress");
            subnet = Prefix.of(address, json.path("networkLength").asInt(32));
        }
        String mac = text(json, "portMac");
        return new Port(uuid(json, "id"), uuid(json, "deviceId"), type, json.path("adminStateUp").asBoolean(true),
                uuid(json, "peerId"), uuid(json, "hostId"), text(json, "interfaceName"), uuid(json, "inboundFilterId"),
                uuid(json, "outboundFilterId"), subnet, address, mac == null ? null : mac.toLowerCase());
    }

    static Route route(UUID routerId, JsonNode json) {
        return new Route(uuid(json, "id"), routerId,
                Prefix.of(json.path("srcNetworkAddr").asText("0.0.0.0"), json.path("srcNetworkLength").asInt(0)),
                Prefix.of(json.path("dstNetworkAddr").asText("0.0.0.0"), json.path("dstNetworkLength").asInt(0)),
                uuid(json, "nextHopPort"), text(json, "nextHopGateway"), json.path("type").asText("Normal"),
                json.path("weight").asInt(0));
    }

    static Rule rule(UUID chainId, JsonNode json) {
        List<NatTarget> targets = new ArrayList<>();
        for (JsonNode t : json.path("natTargets")) {
            targets.add(new NatTarget(text(t, "addressFrom"), text(t, "addressTo"), t.path("portFrom").asInt(),
                    t.path("portTo").asInt()));
        }
        return new Rule(uuid(json, "id"), chainId, json.path("position").asInt(0), json.path("type").asText(),
                condition(json), uuid(json, "jumpChainId"), text(json, "flowAction"), List.copyOf(targets));
    }

    static Condition condition(JsonNode j) {
        List<String> unmodelled = new ArrayList<>();
        for (String field : List.of("portGroup", "inPortGroup", "outPortGroup", "ipAddrGroupSrc", "ipAddrGroupDst",
                "vlan", "nwTos", "icmpDataSrcIpAddress", "icmpDataDstIpAddress")) {
            if (text(j, field) != null) {
                unmodelled.add(field);
            }
        }
        return new Condition(bool(j, "condInvert"), bool(j, "matchForwardFlow"), bool(j, "matchReturnFlow"),
                uuids(j, "inPorts"), bool(j, "invInPorts"), uuids(j, "outPorts"), bool(j, "invOutPorts"),
                integer(j, "dlType"), bool(j, "invDlType"), lower(j, "dlSrc"), bool(j, "invDlSrc"), lower(j, "dlDst"),
                bool(j, "invDlDst"), integer(j, "nwProto"), bool(j, "invNwProto"),
                prefix(j, "nwSrcAddress", "nwSrcLength"), bool(j, "invNwSrc"),
                prefix(j, "nwDstAddress", "nwDstLength"), bool(j, "invNwDst"),
                range(j.get("tpSrc")), bool(j, "invTpSrc"), range(j.get("tpDst")), bool(j, "invTpDst"),
                uuid(j, "traversedDevice"), bool(j, "invTraversedDevice"), bool(j, "matchNwDstRewritten"),
                text(j, "fragmentPolicy"), List.copyOf(unmodelled));
    }

    private static Prefix prefix(JsonNode json, String address, String length) {
        String value = text(json, address);
        return value == null ? null : Prefix.of(value, json.path(length).asInt(0));
    }

    private static Condition.Range range(JsonNode json) {
        if (json == null || json.isNull()) {
            return null;
        }
        Integer start = integer(json, "start");
        Integer end = integer(json, "end");
        return start == null && end == null ? null : new Condition.Range(start, end);
    }

    private static Set<UUID> uuids(JsonNode json, String field) {
        Set<UUID> out = new LinkedHashSet<>();
        json.path(field).forEach(v -> out.add(UUID.fromString(v.asText())));
        return Set.copyOf(out);
    }

    private static boolean bool(JsonNode json, String field) {
        return json.path(field).asBoolean(false);
    }

    private static String lower(JsonNode json, String field) {
        String value = text(json, field);
        return value == null ? null : value.toLowerCase();
    }

    private static Integer integer(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static UUID uuid(JsonNode json, String field) {
        String value = text(json, field);
        return value == null || value.isEmpty() ? null : UUID.fromString(value);
    }
}

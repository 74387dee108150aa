package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * Turns stored objects into the JSON the API answers: the uri, the id, the settable fields (nulls included,
 * reference §1.2), the server-kept fields and absolute links built from the request's base URI.
 */
final class Renderer {
    private final SimState state;
    private final String base;

    Renderer(SimState state, String base) {
        this.state = state;
        this.base = base;
    }

    String uri(String path) {
        return base + path;
    }

    private String uriOrNull(String collection, JsonNode id) {
        return id == null || id.isNull() ? null : base + collection + id.asText();
    }

    private static ObjectNode start(String uri, UUID id) {
        ObjectNode node = Json.object();
        node.put("uri", uri);
        node.put("id", id.toString());
        return node;
    }

    ObjectNode router(SimRouter router) {
        String self = uri("/routers/" + router.id);
        ObjectNode node = start(self, router.id);
        node.setAll(router.spec.deepCopy());
        node.put("inboundFilter", uriOrNull("/chains/", router.spec.get("inboundFilterId")));
        node.put("outboundFilter", uriOrNull("/chains/", router.spec.get("outboundFilterId")));
        node.put("localRedirectChain", uriOrNull("/chains/", router.spec.get("localRedirectChainId")));
        node.put("forwardChain", uriOrNull("/chains/", router.spec.get("forwardChainId")));
        node.putNull("loadBalancer");
        node.put("ports", self + "/ports");
        node.put("peerPorts", self + "/peer_ports");
        node.put("routes", self + "/routes");
        node.put("bgpNetworks", self + "/bgp_networks");
        node.put("bgpPeers", self + "/bgp_peers");
        return node;
    }

    ObjectNode bridge(SimBridge bridge) {
        String self = uri("/bridges/" + bridge.id);
        ObjectNode node = start(self, bridge.id);
        node.setAll(bridge.spec.deepCopy());
        node.putArray("vxLanPortIds");
        node.put("inboundFilter", uriOrNull("/chains/", bridge.spec.get("inboundFilterId")));
        node.put("outboundFilter", uriOrNull("/chains/", bridge.spec.get("outboundFilterId")));
        node.put("ports", self + "/ports");
        node.put("peerPorts", self + "/peer_ports");
        node.put("vxLanPorts", self + "/vxlan_ports");
        node.put("macTable", self + "/mac_table");
        node.put("arpTable", self + "/arp_table");
        node.put("dhcpSubnets", self + "/dhcp");
        node.put("dhcpSubnet6s", self + "/dhcpV6");
        node.put("macPortTemplate", self + "/mac_table/{macAddress}_{portId}");
        node.put("vlanMacTableTemplate", self + "/vlans/{vlanId}/mac_table");
        node.put("vlanMacPortTemplate", self + "/vlans/{vlanId}/mac_table/{macAddress}_{portId}");
        return node;
    }

    ObjectNode port(SimPort port) {
        String self = uri("/ports/" + port.id);
        ObjectNode node = start(self, port.id);
        node.put("type", port.type.json);
        node.put("deviceId", port.deviceId.toString());
        node.setAll(port.spec.deepCopy());
        node.put("tunnelKey", port.tunnelKey);
        Json.put(node, "hostId", port.hostId);
        node.put("interfaceName", port.interfaceName);
        Json.put(node, "peerId", port.peerId);
        node.put("active", false);
        String device = port.type == SimPort.Type.BRIDGE ? "/bridges/" : "/routers/";
        node.put("device", uri(device + port.deviceId));
        node.put("host", port.hostId == null ? null : uri("/hosts/" + port.hostId));
        node.put("hostInterfacePort", port.hostId == null ? null : uri("/hosts/" + port.hostId + "/ports/" + port.id));
        node.put("peer", port.peerId == null ? null : uri("/ports/" + port.peerId));
        node.put("link", self + "/link");
        node.put("portGroups", self + "/port_groups");
        node.put("inboundFilter", uriOrNull("/chains/", port.spec.get("inboundFilterId")));
        node.put("outboundFilter", uriOrNull("/chains/", port.spec.get("outboundFilterId")));
        return node;
    }

    ObjectNode route(SimRoute route) {
        ObjectNode node = start(uri("/routes/" + route.id), route.id);
        UUID routerId = state.routerOf(route);
        Json.put(node, "routerId", routerId);
        node.setAll(route.spec.deepCopy());
        node.put("learned", false);
        node.put("router", routerId == null ? null : uri("/routers/" + routerId));
        return node;
    }

    ObjectNode chain(SimChain chain) {
        String self = uri("/chains/" + chain.id);
        ObjectNode node = start(self, chain.id);
        node.setAll(chain.spec.deepCopy());
        node.put("rules", self + "/rules");
        return node;
    }

    ObjectNode rule(SimRule rule) {
        ObjectNode node = start(uri("/rules/" + rule.id), rule.id);
        node.put("chainId", rule.chainId.toString());
        SimChain chain = state.chains.get(rule.chainId);
        node.put("position", chain == null ? 0 : chain.ruleIds.indexOf(rule.id) + 1);
        node.setAll(rule.spec.deepCopy());
        node.put("chain", uri("/chains/" + rule.chainId));
        return node;
    }

    ObjectNode tunnelZone(SimTunnelZone zone) {
        String self = uri("/tunnel_zones/" + zone.id);
        ObjectNode node = start(self, zone.id);
        node.setAll(zone.spec.deepCopy());
        node.put("hosts", self + "/hosts");
        return node;
    }

    ObjectNode tunnelZoneHost(UUID zoneId, UUID hostId, String ipAddress) {
        ObjectNode node = Json.object();
        node.put("uri", uri("/tunnel_zones/" + zoneId + "/hosts/" + hostId));
        node.put("tunnelZoneId", zoneId.toString());
        node.put("hostId", hostId.toString());
        node.put("ipAddress", ipAddress);
        node.put("host", uri("/hosts/" + hostId));
        node.put("tunnelZone", uri("/tunnel_zones/" + zoneId));
        return node;
    }

    ObjectNode host(SimHost host) {
        String self = uri("/hosts/" + host.id());
        ObjectNode node = start(self, host.id());
        node.put("name", host.name());
        node.put("alive", host.alive());
        host.addresses().forEach(node.putArray("addresses")::add);
        node.putArray("hostInterfaces");
        node.set("tunnelZones", Json.uuids(state.tunnelZones.values().stream()
                .filter(z -> z.members.containsKey(host.id())).map(z -> z.id).toList()));
        node.put("floodingProxyWeight", 1);
        node.put("containerWeight", 1);
        node.put("containerLimit", -1);
        node.put("enforceContainerLimit", false);
        node.put("interfaces", self + "/interfaces");
        node.put("ports", self + "/ports");
        return node;
    }

    ObjectNode hostInterfacePort(SimPort port) {
        ObjectNode node = Json.object();
        node.put("uri", uri("/hosts/" + port.hostId + "/ports/" + port.id));
        node.put("hostId", port.hostId.toString());
        node.put("portId", port.id.toString());
        node.put("interfaceName", port.interfaceName);
        node.put("host", uri("/hosts/" + port.hostId));
        node.put("port", uri("/ports/" + port.id));
        return node;
    }

    ObjectNode mac(UUID bridgeId, SimBridge.MacEntry entry) {
        ObjectNode node = Json.object();
        String table = entry.vlanId() == 0 ? "/bridges/" + bridgeId + "/mac_table/"
                : "/bridges/" + bridgeId + "/vlans/" + entry.vlanId() + "/mac_table/";
        node.put("uri", uri(table + Net.macToUri(entry.mac()) + "_" + entry.portId()));
        node.put("bridgeId", bridgeId.toString());
        node.put("macAddr", entry.mac());
        node.put("portId", entry.portId().toString());
        node.put("vlanId", entry.vlanId());
        return node;
    }

    ObjectNode arp(UUID bridgeId, SimBridge.ArpEntry entry) {
        ObjectNode node = Json.object();
        node.put("uri", uri("/bridges/" + bridgeId + "/arp_table/" + entry.ip() + "_" + Net.macToUri(entry.mac())));
        node.put("ip", entry.ip());
        node.put("mac", entry.mac());
        return node;
    }
}

package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.midonet.kube.midonet.model.ChainRule.FlowAction;
import org.midonet.kube.midonet.model.ChainRule.NatTarget;
import org.midonet.kube.midonet.model.ChainRule.PortRange;

/** Reads a resource back from a Translation's {kind, parent, body}: the inverse of how it was recorded. */
public final class ResourceCodec {
    private ResourceCodec() {
    }

    /** The resource; IllegalArgumentException says what is wrong with a malformed entry. */
    public static MidonetResource decode(String kind, String parent, String body) {
        JsonNode json;
        try {
            json = MidonetJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body of a " + kind + " is not JSON: " + e.getOriginalMessage());
        }
        UUID parentId = parent == null || parent.isEmpty() ? null : UUID.fromString(parent);
        return switch (ResourceKind.fromTranslationName(kind)) {
            case TUNNEL_ZONE -> new TunnelZone(uuid(json, "id"), text(json, "name"), text(json, "type"));
            case TUNNEL_ZONE_HOST -> new TunnelZoneHost(parentId, uuid(json, "hostId"), text(json, "ipAddress"));
            case ROUTER -> new Router(uuid(json, "id"), text(json, "name"), text(json, "tenantId"));
            case BRIDGE -> new Bridge(uuid(json, "id"), text(json, "name"), text(json, "tenantId"),
                    uuid(json, "inboundFilterId"));
            case CHAIN -> new Chain(uuid(json, "id"), text(json, "name"), text(json, "tenantId"));
            case PORT -> "Router".equals(text(json, "type"))
                    ? new RouterPort(parentId, uuid(json, "id"), "Router", strings(json, "portSubnet"), text(json, "portMac"))
                    : new BridgePort(parentId, uuid(json, "id"), "Bridge", uuid(json, "outboundFilterId"));
            case PORT_LINK -> new PortLink(parentId, uuid(json, "peerId"));
            case ROUTE -> new Route(parentId, uuid(json, "id"), text(json, "srcNetworkAddr"),
                    json.path("srcNetworkLength").asInt(), text(json, "dstNetworkAddr"), json.path("dstNetworkLength").asInt(),
                    uuid(json, "nextHopPort"), text(json, "nextHopGateway"), text(json, "type"));
            case RULE -> rule(parentId, json);
            case HOST_INTERFACE_PORT ->
                    new HostInterfacePort(uuid(json, "hostId"), uuid(json, "portId"), text(json, "interfaceName"));
            case MAC_PORT -> new MacPort(parentId, text(json, "macAddr"), uuid(json, "portId"));
            case IPV4_MAC_PAIR -> new Ip4MacPair(parentId, text(json, "ip"), text(json, "mac"));
        };
    }

    private static ChainRule rule(UUID chain, JsonNode json) {
        List<NatTarget> targets = null;
        if (json.has("natTargets")) {
            targets = new ArrayList<>();
            for (JsonNode t : json.get("natTargets")) {
                targets.add(new NatTarget(text(t, "addressFrom"), text(t, "addressTo"), t.path("portFrom").asInt(),
                        t.path("portTo").asInt()));
            }
        }
        PortRange tpDst = json.has("tpDst") ? new PortRange(json.get("tpDst").path("start").asInt(),
                json.get("tpDst").path("end").asInt()) : null;
        String flowAction = text(json, "flowAction");
        return new ChainRule(chain, uuid(json, "id"), ChainRule.Type.valueOf(text(json, "type").toUpperCase(Locale.ROOT)),
                json.path("position").asInt(1), integer(json, "dlType"), text(json, "nwSrcAddress"), integer(json, "nwSrcLength"),
                text(json, "nwDstAddress"), integer(json, "nwDstLength"), integer(json, "nwProto"), tpDst,
                uuid(json, "jumpChainId"), flowAction == null ? null : FlowAction.valueOf(flowAction.toUpperCase(Locale.ROOT)),
                targets);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static UUID uuid(JsonNode json, String field) {
        String text = text(json, field);
        return text == null ? null : UUID.fromString(text);
    }

    private static Integer integer(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }

    private static List<String> strings(JsonNode json, String field) {
        List<String> out = new ArrayList<>();
        json.path(field).forEach(v -> out.add(v.asText()));
        return out;
    }
}

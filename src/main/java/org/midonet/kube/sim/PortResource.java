package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** /ports, the ports of bridges and routers, and /ports/{id}/link (reference §5.3). */
final class PortResource {
    private static final Set<String> BRIDGE_TYPES = Set.of("Bridge", "ExteriorBridge", "InteriorBridge");
    private static final Set<String> ROUTER_TYPES = Set.of("Router", "ExteriorRouter", "InteriorRouter");
    private static final List<String> MIRRORS =
            List.of("inboundMirrorIds", "outboundMirrorIds", "postInFilterMirrorIds", "preOutFilterMirrorIds");
    static final String NOT_LINKABLE = "Ports are not linkable.";

    private final boolean portIdInLinkFails;

    /** @param portIdInLinkFails reproduce MNA-1249: a link body carrying portId fails with 500 */
    PortResource(boolean portIdInLinkFails) {
        this.portIdInLinkFails = portIdInLinkFails;
    }

    Reply list(Call call) {
        return call.ok(call.state.ports.values().stream().map(call.render::port).toList());
    }

    Reply get(Call call) {
        return call.ok(call.render.port(find(call.state, call.id("id"))));
    }

    Reply createOnBridge(Call call) {
        Body body = call.body();
        String type = type(body);
        if (!BRIDGE_TYPES.contains(type)) {
            throw ApiException.badRequest("Not a bridge port.");
        }
        return create(call, body, SimPort.Type.BRIDGE, BridgeResource.find(call.state, call.id("id")).id);
    }

    Reply createOnRouter(Call call) {
        Body body = call.body();
        String type = type(body);
        if (!ROUTER_TYPES.contains(type)) {
            throw ApiException.badRequest("Could not resolve type id '" + type + "' into a subtype of RouterPort");
        }
        return create(call, body, SimPort.Type.ROUTER, RouterResource.find(call.state, call.id("id")).id);
    }

    private Reply create(Call call, Body body, SimPort.Type type, UUID deviceId) {
        SimState state = call.state;
        UUID id = body.uuid("id");
        ObjectNode spec = spec(body, type, true, state);
        body.validate();
        if (id == null) {
            id = state.newId();
        } else if (state.ports.containsKey(id)) {
            throw ApiException.alreadyExists("Port", id);
        }
        checkReferences(state, spec);
        SimPort port = new SimPort(id, type, deviceId, state.allocateTunnelKey(), spec);
        state.ports.put(id, port);
        if (type == SimPort.Type.ROUTER) {
            addLocalRoutes(state, port);
        }
        state.touch();
        return call.created("/ports/" + id);
    }

    /** The server's side effect: one Local route to each IPv4 address of a new router port. */
    private static void addLocalRoutes(SimState state, SimPort port) {
        for (JsonNode subnet : port.spec.path("portSubnet")) {
            String address = subnet.asText().substring(0, subnet.asText().indexOf('/'));
            if (!Net.isIpv4(address)) {
                continue;
            }
            ObjectNode route = Json.object();
            route.put("type", "Local");
            route.put("srcNetworkAddr", "0.0.0.0");
            route.put("srcNetworkLength", 0);
            route.put("dstNetworkAddr", address);
            route.put("dstNetworkLength", 32);
            route.put("nextHopPort", port.id.toString());
            route.putNull("nextHopGateway");
            route.put("weight", 0);
            route.putNull("attributes");
            UUID id = state.newId();
            state.routes.put(id, new SimRoute(id, null, port.id, route));
        }
    }

    /**
     * Replaces the settable fields; the device, tunnel key, binding and peer are kept whatever the body says,
     * and a router port PUT without portMac clears the MAC (MNA-1251).
     */
    Reply update(Call call) {
        SimPort port = find(call.state, call.id("id"));
        Body body = call.body();
        String type = type(body);
        Set<String> allowed = port.type == SimPort.Type.BRIDGE ? BRIDGE_TYPES : ROUTER_TYPES;
        if (!allowed.contains(type)) {
            throw ApiException.badRequest("The type of port " + port.id + " is " + port.type.json + ", not " + type + ".");
        }
        ObjectNode spec = spec(body, port.type, false, call.state);
        body.validate();
        checkReferences(call.state, spec);
        if (!spec.equals(port.spec)) {
            port.spec = spec;
            call.state.touch();
        }
        return Reply.noContent();
    }

    /** Deleting a missing port answers 404. */
    Reply delete(Call call) {
        SimPort port = find(call.state, call.id("id"));
        call.state.deletePort(port.id);
        return Reply.noContent();
    }

    /** POST /ports/{id}/link {"peerId": ...}: both ports must exist and be unlinked. */
    Reply link(Call call) {
        SimPort port = find(call.state, call.id("id"));
        Body body = call.body();
        UUID peerId = body.uuid("peerId");
        body.uuid("portId");
        if (peerId == null) {
            body.violation("peerId", "may not be null");
        }
        body.validate();
        SimPort peer = find(call.state, peerId);
        if (port.peerId != null || peer.peerId != null || port == peer) {
            throw ApiException.conflict(NOT_LINKABLE);
        }
        if (portIdInLinkFails && body.has("portId")) {
            throw ApiException.serverError("Cannot build the Location of the link from portId " + body.string("portId")
                    + ": URI is not absolute (MNA-1249; do not send portId)");
        }
        port.peerId = peer.id;
        peer.peerId = port.id;
        call.state.touch();
        return call.created("/ports/" + port.id + "/link");
    }

    /** DELETE /ports/{id}/link: unlinks both sides; 204 also when not linked. */
    Reply unlink(Call call) {
        SimPort port = find(call.state, call.id("id"));
        if (port.peerId != null) {
            SimPort peer = call.state.ports.get(port.peerId);
            if (peer != null) {
                peer.peerId = null;
            }
            port.peerId = null;
            call.state.touch();
        }
        return Reply.noContent();
    }

    /** The peers of a device's linked ports, as /bridges/{id}/peer_ports and /routers/{id}/peer_ports list. */
    static List<ObjectNode> peersOf(Call call, UUID deviceId) {
        List<ObjectNode> peers = new ArrayList<>();
        for (SimPort port : call.state.portsOf(deviceId)) {
            SimPort peer = port.peerId == null ? null : call.state.ports.get(port.peerId);
            if (peer != null) {
                peers.add(call.render.port(peer));
            }
        }
        return peers;
    }

    static SimPort find(SimState state, UUID id) {
        SimPort port = state.ports.get(id);
        if (port == null) {
            throw ApiException.noSuch("Port", id);
        }
        return port;
    }

    /** The polymorphic discriminator, required. */
    private static String type(Body body) {
        String type = body.string("type");
        if (type == null) {
            throw ApiException.badRequest("Unexpected token (END_OBJECT), expected FIELD_NAME: missing property 'type' "
                    + "that is to contain type id (for class org.midonet.cluster.rest_api.models.Port)");
        }
        if (!BRIDGE_TYPES.contains(type) && !ROUTER_TYPES.contains(type) && !type.equals("Vxlan")) {
            throw ApiException.badRequest("Could not resolve type id '" + type + "' into a subtype of Port");
        }
        return type;
    }

    private static ObjectNode spec(Body body, SimPort.Type type, boolean creating, SimState state) {
        ObjectNode spec = Json.object();
        spec.put("adminStateUp", body.bool("adminStateUp", true));
        Json.put(spec, "inboundFilterId", body.uuid("inboundFilterId"));
        Json.put(spec, "outboundFilterId", body.uuid("outboundFilterId"));
        for (String mirrors : MIRRORS) {
            Specs.putUuids(spec, mirrors, body.uuids(mirrors));
        }
        Json.put(spec, "qosPolicyId", body.uuid("qosPolicyId"));
        Json.put(spec, "vifId", body.uuid("vifId"));
        if (type == SimPort.Type.BRIDGE) {
            spec.put("vlanId", body.integer("vlanId", 0));
            body.range("vlanId", spec.get("vlanId").intValue(), 0, 4095);
        } else {
            RouterPortAddresses.put(body, spec);
            String mac = body.string("portMac");
            if (mac != null && !Net.isMac(mac)) {
                body.violation("portMac", Net.MAC_INVALID);
            }
            spec.put("portMac", mac != null && Net.isMac(mac) ? Net.normalizeMac(mac)
                    : creating && mac == null ? Net.randomMidokuraMac(state.random) : null);
            spec.put("rtrPortVni", body.integer("rtrPortVni", 0));
            body.range("rtrPortVni", spec.get("rtrPortVni").intValue(), 0, 0xFFFFFF);
            spec.put("offRampVxlan", body.bool("offRampVxlan", false));
            Json.put(spec, "serviceContainerId", body.uuid("serviceContainerId"));
        }
        return spec;
    }

    private static void checkReferences(SimState state, ObjectNode spec) {
        Specs.requireChains(state, spec, SimState.FILTER_FIELDS);
        Specs.requireNoUnmodelled(spec, MIRRORS, "qosPolicyId");
    }
}

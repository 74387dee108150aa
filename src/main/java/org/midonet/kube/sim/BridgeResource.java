package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/** /bridges (reference §5.2). Bridges are "Network" objects in MidoNet's storage, hence its messages. */
final class BridgeResource {
    static final String PROTO = "Network";
    private static final List<String> MIRRORS = List.of("inboundMirrorIds", "outboundMirrorIds");
    private static final String VXLAN_NOT_SETTABLE = "VXLAN port ID cannot be set directly.";

    Reply list(Call call) {
        String tenant = call.query("tenant_id");
        return call.ok(call.state.bridges.values().stream().filter(b -> Specs.tenantMatches(b.spec, tenant))
                .map(call.render::bridge).toList());
    }

    Reply get(Call call) {
        return call.ok(call.render.bridge(find(call.state, call.id("id"))));
    }

    Reply create(Call call) {
        Body body = call.body();
        UUID id = body.uuid("id");
        ObjectNode spec = spec(body);
        if (body.raw("vxLanPortIds") != null) {
            body.violation("vxLanPortIds", VXLAN_NOT_SETTABLE);
        }
        body.validate();
        if (id == null) {
            id = call.state.newId();
        } else if (call.state.bridges.containsKey(id)) {
            throw ApiException.alreadyExists(PROTO, id);
        }
        checkReferences(call.state, spec);
        call.state.bridges.put(id, new SimBridge(id, spec));
        call.state.touch();
        return call.created("/bridges/" + id);
    }

    Reply update(Call call) {
        SimBridge bridge = find(call.state, call.id("id"));
        Body body = call.body();
        ObjectNode spec = spec(body);
        JsonNode vxlanPorts = body.raw("vxLanPortIds");
        if (vxlanPorts != null && !(vxlanPorts.isArray() && vxlanPorts.isEmpty())) {
            body.violation("vxLanPortIds", VXLAN_NOT_SETTABLE);
        }
        body.validate();
        checkReferences(call.state, spec);
        if (!spec.equals(bridge.spec)) {
            bridge.spec = spec;
            call.state.touch();
        }
        return Reply.noContent();
    }

    /** Deleting a missing bridge answers 404. */
    Reply delete(Call call) {
        SimBridge bridge = find(call.state, call.id("id"));
        call.state.deleteBridge(bridge.id);
        return Reply.noContent();
    }

    Reply ports(Call call) {
        SimBridge bridge = find(call.state, call.id("id"));
        return call.ok(call.state.portsOf(bridge.id).stream().map(call.render::port).toList());
    }

    Reply peerPorts(Call call) {
        SimBridge bridge = find(call.state, call.id("id"));
        return call.ok(PortResource.peersOf(call, bridge.id));
    }

    static SimBridge find(SimState state, UUID id) {
        SimBridge bridge = state.bridges.get(id);
        if (bridge == null) {
            throw ApiException.noSuch(PROTO, id);
        }
        return bridge;
    }

    private static ObjectNode spec(Body body) {
        ObjectNode spec = Specs.deviceFields(body);
        Json.put(spec, "qosPolicyId", body.uuid("qosPolicyId"));
        return spec;
    }

    private static void checkReferences(SimState state, ObjectNode spec) {
        Specs.requireChains(state, spec, SimState.FILTER_FIELDS);
        Specs.requireNoUnmodelled(spec, MIRRORS, "qosPolicyId");
    }
}

package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/** /routers (reference §5.1). */
final class RouterResource {
    private static final List<String> MIRRORS = List.of("inboundMirrorIds", "outboundMirrorIds");

    Reply list(Call call) {
        String tenant = call.query("tenant_id");
        return call.ok(call.state.routers.values().stream().filter(r -> Specs.tenantMatches(r.spec, tenant))
                .map(call.render::router).toList());
    }

    Reply get(Call call) {
        return call.ok(call.render.router(find(call.state, call.id("id"))));
    }

    Reply create(Call call) {
        Body body = call.body();
        UUID id = body.uuid("id");
        ObjectNode spec = spec(body);
        body.validate();
        if (id == null) {
            id = call.state.newId();
        } else if (call.state.routers.containsKey(id)) {
            throw ApiException.alreadyExists("Router", id);
        }
        checkReferences(call.state, spec);
        call.state.routers.put(id, new SimRouter(id, spec));
        call.state.touch();
        return call.created("/routers/" + id);
    }

    Reply update(Call call) {
        SimRouter router = find(call.state, call.id("id"));
        Body body = call.body();
        ObjectNode spec = spec(body);
        body.validate();
        checkReferences(call.state, spec);
        if (!spec.equals(router.spec)) {
            router.spec = spec;
            call.state.touch();
        }
        return Reply.noContent();
    }

    /** Idempotent: deleting a missing router answers 204. */
    Reply delete(Call call) {
        UUID id = call.id("id");
        if (call.state.routers.containsKey(id)) {
            call.state.deleteRouter(id);
        }
        return Reply.noContent();
    }

    Reply ports(Call call) {
        SimRouter router = find(call.state, call.id("id"));
        return call.ok(call.state.portsOf(router.id).stream().map(call.render::port).toList());
    }

    Reply peerPorts(Call call) {
        SimRouter router = find(call.state, call.id("id"));
        return call.ok(PortResource.peersOf(call, router.id));
    }

    static SimRouter find(SimState state, UUID id) {
        SimRouter router = state.routers.get(id);
        if (router == null) {
            throw ApiException.noSuch("Router", id);
        }
        return router;
    }

    /** The settable fields; a PUT replaces them all, so omitted ones take their defaults. */
    private static ObjectNode spec(Body body) {
        ObjectNode spec = Specs.deviceFields(body);
        Json.put(spec, "loadBalancerId", body.uuid("loadBalancerId"));
        spec.put("asNumber", body.integer("asNumber", 0));
        Json.put(spec, "localRedirectChainId", body.uuid("localRedirectChainId"));
        Json.put(spec, "forwardChainId", body.uuid("forwardChainId"));
        return spec;
    }

    private static void checkReferences(SimState state, ObjectNode spec) {
        Specs.requireChains(state, spec, SimState.ROUTER_CHAIN_FIELDS);
        Specs.requireNoUnmodelled(spec, MIRRORS, "loadBalancerId");
    }
}

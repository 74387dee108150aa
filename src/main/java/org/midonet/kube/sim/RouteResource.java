package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.UUID;

/** Routes: POST and GET under /routers/{id}/routes, GET and DELETE /routes/{id}; no PUT (reference §5.4). */
final class RouteResource {
    private static final Set<String> TYPES = Set.of("Normal", "BlackHole", "Reject", "Local", "Fip64");
    static final String NEXT_HOP_PORT_REQUIRED =
            "This type of route requires a next hop port that is a port on the same router.";
    private static final String INVALID_IP = "is not a valid IP address";

    Reply listOfRouter(Call call) {
        SimRouter router = RouterResource.find(call.state, call.id("id"));
        return call.ok(call.state.routesOfRouter(router.id).stream().map(call.render::route).toList());
    }

    Reply get(Call call) {
        UUID id = call.id("id");
        SimRoute route = call.state.routes.get(id);
        if (route == null) {
            throw ApiException.noSuch("Route", id);
        }
        return call.ok(call.render.route(route));
    }

    Reply create(Call call) {
        Body body = call.body();
        UUID id = body.uuid("id");
        String type = body.string("type");
        if (type != null && !TYPES.contains(type)) {
            throw ApiException.badRequest("This type of route is invalid.");
        }
        if (type == null) {
            body.violation("type", "may not be null");
        }
        ObjectNode spec = Json.object();
        spec.put("type", type);
        spec.put("srcNetworkAddr", body.ipv4("srcNetworkAddr", true, INVALID_IP));
        spec.put("srcNetworkLength", length(body, "srcNetworkLength"));
        spec.put("dstNetworkAddr", body.ipv4("dstNetworkAddr", true, INVALID_IP));
        spec.put("dstNetworkLength", length(body, "dstNetworkLength"));
        UUID nextHopPort = body.uuid("nextHopPort");
        Json.put(spec, "nextHopPort", nextHopPort);
        spec.put("nextHopGateway", body.ipv4("nextHopGateway", false, INVALID_IP));
        Integer weight = body.integer("weight");
        body.range("weight", weight, 0, Integer.MAX_VALUE);
        spec.put("weight", weight == null ? 0 : weight);
        spec.put("attributes", body.string("attributes"));
        body.validate();

        SimState state = call.state;
        SimRouter router = RouterResource.find(state, call.id("id"));
        if (type.equals("Normal")) {
            SimPort port = nextHopPort == null ? null : state.ports.get(nextHopPort);
            if (port == null || !port.deviceId.equals(router.id)) {
                throw ApiException.badRequest(NEXT_HOP_PORT_REQUIRED);
            }
        }
        if (id == null) {
            id = state.newId();
        } else if (state.routes.containsKey(id)) {
            throw ApiException.alreadyExists("Route", id);
        }
        if (nextHopPort != null && !state.ports.containsKey(nextHopPort)) {
            throw ApiException.noSuch("Port", nextHopPort);
        }
        state.routes.put(id, new SimRoute(id, nextHopPort == null ? router.id : null, nextHopPort, spec));
        state.touch();
        return call.created("/routes/" + id);
    }

    /** Idempotent: deleting a missing route answers 204. */
    Reply delete(Call call) {
        if (call.state.routes.remove(call.id("id")) != null) {
            call.state.touch();
        }
        return Reply.noContent();
    }

    private static int length(Body body, String field) {
        Integer length = body.integer(field);
        body.range(field, length, 0, 32);
        return length == null ? 0 : length;
    }
}

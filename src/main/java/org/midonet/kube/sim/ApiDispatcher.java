package org.midonet.kube.sim;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves one request to /midonet-api after fault injection: login, the token check, routing to an endpoint,
 * 405 for undeclared methods, the media type check, then the handler under the state's lock.
 */
final class ApiDispatcher {
    /** What a request did: the answer, and for the counts what kind it wrote and whether the state changed. */
    record Outcome(Reply reply, String kind, boolean login, boolean changed) {
    }

    /** Resources of the real API that the emulator leaves out: 501 rather than the "not found" of unknown ones. */
    private static final Set<String> NOT_EMULATED = Set.of("port_groups", "ip_addr_groups",
            "load_balancers", "pools", "pool_members", "vips", "health_monitors", "mirrors", "l2insertions",
            "qos_policies", "qos_bw_limit_rules", "qos_dscp_rules", "service_containers", "service_container_groups",
            "tenants", "traces", "vteps", "bgp_networks", "bgp_peers", "system_state", "neutron");

    private final SimState state;
    private final Authenticator auth;
    private final List<Endpoint> endpoints;

    ApiDispatcher(SimState state, Authenticator auth, List<Endpoint> endpoints) {
        this.state = state;
        this.auth = auth;
        this.endpoints = endpoints;
    }

    Outcome dispatch(Request request) {
        String[] segments = Paths.segments(request.path());
        boolean login = segments.length == 1 && segments[0].equals("login");
        String kind = null;
        try {
            if (login) {
                return new Outcome(auth.login(request), null, true, false);
            }
            auth.check(request);
            Endpoint endpoint = null;
            Map<String, String> variables = null;
            for (Endpoint candidate : endpoints) {
                variables = candidate.match(segments);
                if (variables != null) {
                    endpoint = candidate;
                    break;
                }
            }
            if (endpoint == null) {
                throw notFound(segments);
            }
            Operation operation = endpoint.operation(request.method());
            if (operation == null) {
                throw ApiException.methodNotAllowed(request.method());
            }
            kind = operation.kind();
            String responseType = null;
            if (request.method().equals("GET")) {
                responseType = operation.media().negotiate(request.header("Accept"));
            } else if (request.method().equals("POST") || request.method().equals("PUT")) {
                operation.media().checkContentType(request.header("Content-Type"));
            }
            synchronized (state) {
                long before = state.version();
                Call call = new Call(request, variables, responseType, state);
                Reply reply = operation.handler().handle(call);
                return new Outcome(reply, kind, false, state.version() != before);
            }
        } catch (ApiException e) {
            return new Outcome(Reply.error(e), kind, login, false);
        }
    }

    private ApiException notFound(String[] segments) {
        if (segments.length > 0 && NOT_EMULATED.contains(segments[0])) {
            return ApiException.status(501, "The emulator does not implement /" + segments[0] + " of the MidoNet API");
        }
        if (segments.length > 0 && endpoints.stream().noneMatch(e -> e.firstSegment().equals(segments[0]))) {
            return ApiException.notFound("Root resource " + segments[0] + " not found");
        }
        return ApiException.notFound("Resource not found");
    }
}

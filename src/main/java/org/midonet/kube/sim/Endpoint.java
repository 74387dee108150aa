package org.midonet.kube.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A path of the API, like {@code /routers/{id}/ports}, with the methods it declares. A method it does not
 * declare is answered 405. A variable matches one whole path segment.
 */
final class Endpoint {
    private final String[] pattern;
    private final Map<String, Operation> operations = new LinkedHashMap<>();

    Endpoint(String path) {
        this.pattern = Paths.segments(path);
    }

    Endpoint get(MediaCheck media, Handler handler) {
        return on(new Operation("GET", media, null, handler));
    }

    Endpoint post(MediaCheck media, String kind, Handler handler) {
        return on(new Operation("POST", media, kind, handler));
    }

    Endpoint put(MediaCheck media, String kind, Handler handler) {
        return on(new Operation("PUT", media, kind, handler));
    }

    Endpoint delete(String kind, Handler handler) {
        return on(new Operation("DELETE", MediaCheck.NONE, kind, handler));
    }

    private Endpoint on(Operation operation) {
        operations.put(operation.method(), operation);
        return this;
    }

    Operation operation(String method) {
        return operations.get(method);
    }

    /** The path variables when the segments match this endpoint, else null. */
    Map<String, String> match(String[] segments) {
        if (segments.length != pattern.length) {
            return null;
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{") && p.endsWith("}")) {
                variables.put(p.substring(1, p.length() - 1), segments[i]);
            } else if (!p.equals(segments[i])) {
                return null;
            }
        }
        return variables;
    }

    String firstSegment() {
        return pattern.length == 0 ? "" : pattern[0];
    }
}

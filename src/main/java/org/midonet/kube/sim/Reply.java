package org.midonet.kube.sim;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer of the emulated API: status, headers and body (null for none). */
record Reply(int status, Map<String, String> headers, byte[] body) {

    static Reply json(int status, String contentType, String json) {
        return new Reply(status, Map.of("Content-Type", contentType), json.getBytes(StandardCharsets.UTF_8));
    }

    static Reply created(String location) {
        return new Reply(201, Map.of("Location", location), null);
    }

    static Reply noContent() {
        return new Reply(204, Map.of(), null);
    }

    static Reply text(int status, String text) {
        return new Reply(status, Map.of("Content-Type", "text/plain; charset=UTF-8"), text.getBytes(StandardCharsets.UTF_8));
    }

    /** The error answer for an exception, in MidoNet's Error JSON unless the quirk says otherwise. */
    static Reply error(ApiException e) {
        Map<String, String> headers = new LinkedHashMap<>(e.headers());
        switch (e.bodyStyle()) {
            case EMPTY:
                return new Reply(e.status(), headers, null);
            case PLAIN_TEXT:
                headers.put("Content-Type", "text/plain; charset=UTF-8");
                return new Reply(e.status(), headers, e.getMessage().getBytes(StandardCharsets.UTF_8));
            default:
                headers.put("Content-Type", MediaTypes.ERROR);
                return new Reply(e.status(), headers, Json.errorBody(e).getBytes(StandardCharsets.UTF_8));
        }
    }
}

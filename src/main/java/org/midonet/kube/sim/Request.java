package org.midonet.kube.sim;

import com.sun.net.httpserver.Headers;
import java.util.Map;

/**
 * One HTTP request to the emulated API.
 *
 * @param path the path below the API root, e.g. "/routers/ID/ports" ("" or "/" for the root)
 * @param base the absolute URI of the API root as the client addressed it, for links and Location headers
 */
record Request(String method, String path, Map<String, String> query, Headers headers, byte[] body, String base) {

    String header(String name) {
        return headers.getFirst(name);
    }
}

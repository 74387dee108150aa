package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Counts of the requests to /midonet-api since the start or the last reset.
 *
 * @param requests every request, dropped ones included
 * @param byMethod requests per HTTP method
 * @param byStatus answered requests per status code ("200", "404", ...), injected failures included
 * @param dropped requests whose connection was closed without an answer (drop rate or outage)
 * @param injectedFailures requests answered 500/503 by the failure rate, without doing anything
 * @param logins successful logins
 * @param writeRequests POST, PUT and DELETE requests (login excluded) answered 2xx
 * @param writes those of the write requests that changed the state: a DELETE of nothing or a PUT of the same
 *     values is a write request but not a write
 * @param writesByMethod writes per method
 * @param writesByKind writes per kind, named as in Translations ("Router", "Port", "PortLink", "MACPort", ...)
 */
public record SimStats(long requests, Map<String, Long> byMethod, Map<String, Long> byStatus, long dropped,
        long injectedFailures, long logins, long writeRequests, long writes, Map<String, Long> writesByMethod,
        Map<String, Long> writesByKind) {

    public SimStats {
        byMethod = Map.copyOf(byMethod);
        byStatus = Map.copyOf(byStatus);
        writesByMethod = Map.copyOf(writesByMethod);
        writesByKind = Map.copyOf(writesByKind);
    }

    /** Writes of one kind, 0 if none. */
    public long writes(String kind) {
        return writesByKind.getOrDefault(kind, 0L);
    }

    /** Answers with one status, 0 if none. */
    public long status(int status) {
        return byStatus.getOrDefault(Integer.toString(status), 0L);
    }

    public ObjectNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }
}

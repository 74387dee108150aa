package org.midonet.kube.sim;

import java.util.Map;
import java.util.TreeMap;

/** The request counters behind {@link SimStats}; thread-safe. */
final class Stats {
    private long requests;
    private final Map<String, Long> byMethod = new TreeMap<>();
    private final Map<String, Long> byStatus = new TreeMap<>();
    private long dropped;
    private long injectedFailures;
    private long logins;
    private long writeRequests;
    private long writes;
    private final Map<String, Long> writesByMethod = new TreeMap<>();
    private final Map<String, Long> writesByKind = new TreeMap<>();

    synchronized void dropped(String method) {
        requests++;
        byMethod.merge(method, 1L, Long::sum);
        dropped++;
    }

    synchronized void injected(String method, int status) {
        requests++;
        byMethod.merge(method, 1L, Long::sum);
        byStatus.merge(Integer.toString(status), 1L, Long::sum);
        injectedFailures++;
    }

    /**
     * Counts an answered request.
     *
     * @param kind the kind of object the request writes (null for reads and login)
     * @param changed whether handling it changed the state
     */
    synchronized void answered(String method, int status, String kind, boolean login, boolean changed) {
        requests++;
        byMethod.merge(method, 1L, Long::sum);
        byStatus.merge(Integer.toString(status), 1L, Long::sum);
        boolean ok = status >= 200 && status < 300;
        if (login) {
            logins += ok ? 1 : 0;
            return;
        }
        boolean writeMethod = method.equals("POST") || method.equals("PUT") || method.equals("DELETE");
        if (ok && writeMethod) {
            writeRequests++;
            if (changed) {
                writes++;
                writesByMethod.merge(method, 1L, Long::sum);
                if (kind != null) {
                    writesByKind.merge(kind, 1L, Long::sum);
                }
            }
        }
    }

    synchronized SimStats snapshot() {
        return new SimStats(requests, byMethod, byStatus, dropped, injectedFailures, logins, writeRequests, writes,
                writesByMethod, writesByKind);
    }

    synchronized void reset() {
        requests = 0;
        byMethod.clear();
        byStatus.clear();
        dropped = 0;
        injectedFailures = 0;
        logins = 0;
        writeRequests = 0;
        writes = 0;
        writesByMethod.clear();
        writesByKind.clear();
    }
}

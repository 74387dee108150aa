package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * A stored route. Like MidoNet, a route with a next-hop port hangs on that port (routerId null, filled in from
 * the port on output) and one without hangs on its router; routes are immutable.
 */
final class SimRoute {
    final UUID id;
    final UUID routerId;
    final UUID nextHopPort;
    final ObjectNode spec;

    SimRoute(UUID id, UUID routerId, UUID nextHopPort, ObjectNode spec) {
        this.id = id;
        this.routerId = routerId;
        this.nextHopPort = nextHopPort;
        this.spec = spec;
    }
}

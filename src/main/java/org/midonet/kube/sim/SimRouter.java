package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** A stored router: its id and its settable fields as last POSTed or PUT. */
final class SimRouter {
    final UUID id;
    ObjectNode spec;

    SimRouter(UUID id, ObjectNode spec) {
        this.id = id;
        this.spec = spec;
    }
}

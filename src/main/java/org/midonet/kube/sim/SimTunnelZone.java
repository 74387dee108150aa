package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A stored tunnel zone and its members: host id to tunnel endpoint address. */
final class SimTunnelZone {
    final UUID id;
    ObjectNode spec;
    final Map<UUID, String> members = new LinkedHashMap<>();

    SimTunnelZone(UUID id, ObjectNode spec) {
        this.id = id;
        this.spec = spec;
    }

    String name() {
        return spec.path("name").asText();
    }
}

package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * A stored port. The settable fields are in {@code spec}; the rest is kept by the server: the device, the
 * tunnel key, the host-interface binding and the peer of a link.
 */
final class SimPort {
    enum Type {
        BRIDGE("Bridge"), ROUTER("Router");

        final String json;

        Type(String json) {
            this.json = json;
        }
    }

    final UUID id;
    final Type type;
    final UUID deviceId;
    final long tunnelKey;
    ObjectNode spec;
    UUID hostId;
    String interfaceName;
    UUID peerId;

    SimPort(UUID id, Type type, UUID deviceId, long tunnelKey, ObjectNode spec) {
        this.id = id;
        this.type = type;
        this.deviceId = deviceId;
        this.tunnelKey = tunnelKey;
        this.spec = spec;
    }

    int vlanId() {
        return spec.path("vlanId").asInt(0);
    }
}

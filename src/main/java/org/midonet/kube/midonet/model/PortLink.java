package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.UUID;

/** A link between two ports. Only {@code peerId} is sent: a body with portId makes MidoNet fail (MNA-1249). */
public record PortLink(@JsonIgnore UUID portId, UUID peerId) implements MidonetResource {
    public ResourceKind kind() {
        return ResourceKind.PORT_LINK;
    }

    public UUID parent() {
        return portId;
    }

    public String key() {
        return portId + "-" + peerId;
    }

    public String createPath() {
        return "/ports/" + portId + "/link";
    }

    public String itemPath() {
        return createPath();
    }
}

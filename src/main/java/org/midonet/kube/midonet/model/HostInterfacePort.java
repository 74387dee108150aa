package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** Binding of a port to a network interface of a MidoNet host. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostInterfacePort(UUID hostId, UUID portId, String interfaceName) implements MidonetResource {
    public ResourceKind kind() {
        return ResourceKind.HOST_INTERFACE_PORT;
    }

    public UUID parent() {
        return hostId;
    }

    public String key() {
        return portId.toString();
    }

    public String createPath() {
        return "/hosts/" + hostId + "/ports";
    }

    public String itemPath() {
        return createPath() + "/" + portId;
    }
}

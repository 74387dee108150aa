package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/**
 * A port of a router. {@code portSubnet} holds "portAddress/prefixLength" (MidoNet 5.4.1+). The MAC is always
 * sent, since a PUT without it would clear it (MNA-1251).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouterPort(@JsonIgnore UUID routerId, UUID id, String type, List<String> portSubnet, String portMac)
        implements MidonetResource {

    public RouterPort {
        if (!"Router".equals(type)) {
            throw new IllegalArgumentException("a router port has type Router, not " + type);
        }
        portSubnet = List.copyOf(portSubnet);
    }

    public static RouterPort of(UUID routerId, UUID id, String portSubnet, String portMac) {
        return new RouterPort(routerId, id, "Router", List.of(portSubnet), portMac);
    }

    public ResourceKind kind() {
        return ResourceKind.PORT;
    }

    public UUID parent() {
        return routerId;
    }

    public String key() {
        return id.toString();
    }

    public String createPath() {
        return "/routers/" + routerId + "/ports";
    }

    public String itemPath() {
        return "/ports/" + id;
    }
}

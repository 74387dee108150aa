package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record TunnelZone(UUID id, String name, String type) implements MidonetResource {
    public ResourceKind kind() {
        return ResourceKind.TUNNEL_ZONE;
    }

    public UUID parent() {
        return null;
    }

    public String key() {
        return id.toString();
    }

    public String createPath() {
        return "/tunnel_zones";
    }

    public String itemPath() {
        return "/tunnel_zones/" + id;
    }
}

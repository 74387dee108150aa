package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Bridge(UUID id, String name, String tenantId, UUID inboundFilterId) implements MidonetResource {
    public ResourceKind kind() {
        return ResourceKind.BRIDGE;
    }

    public UUID parent() {
        return null;
    }

    public String key() {
        return id.toString();
    }

    public String createPath() {
        return "/bridges";
    }

    public String itemPath() {
        return "/bridges/" + id;
    }
}

package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Router(UUID id, String name, String tenantId) implements MidonetResource {
    public ResourceKind kind() {
        return ResourceKind.ROUTER;
    }

    public UUID parent() {
        return null;
    }

    public String key() {
        return id.toString();
    }

    public String createPath() {
        return "/routers";
    }

    public String itemPath() {
        return "/routers/" + id;
    }
}

package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "tenantId", "name"})
public record Chain(UUID id, String name, String tenantId) implements MidonetResource {
    public ResourceKind kind() {
        return ResourceKind.CHAIN;
    }

    public UUID parent() {
        return null;
    }

    public String key() {
        return id.toString();
    }

    public String createPath() {
        return "/chains";
    }

    public String itemPath() {
        return "/chains/" + id;
    }
}

package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.UUID;

/** A port of a bridge; {@code type} is MidoNet's polymorphic discriminator and is always "Bridge". */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "type", "outboundFilterId"})
public record BridgePort(@JsonIgnore UUID bridgeId, UUID id, String type, UUID outboundFilterId)
        implements MidonetResource {

    public BridgePort {
        if (!"Bridge".equals(type)) {
            throw new IllegalArgumentException("a bridge port has type Bridge, not " + type);
        }
    }

    public static BridgePort of(UUID bridgeId, UUID id) {
        return new BridgePort(bridgeId, id, "Bridge", null);
    }

    public static BridgePort withOutboundFilter(UUID bridgeId, UUID id, UUID chainId) {
        return new BridgePort(bridgeId, id, "Bridge", chainId);
    }

    public ResourceKind kind() {
        return ResourceKind.PORT;
    }

    public UUID parent() {
        return bridgeId;
    }

    public String key() {
        return id.toString();
    }

    public String createPath() {
        return "/bridges/" + bridgeId + "/ports";
    }

    public String itemPath() {
        return "/ports/" + id;
    }
}

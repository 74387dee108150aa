package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** Membership of a MidoNet host in a tunnel zone, with the host's tunnel endpoint address. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TunnelZoneHost(@JsonIgnore UUID tunnelZoneId, UUID hostId, String ipAddress)
        implements MidonetResource {
    public ResourceKind kind() {
        return ResourceKind.TUNNEL_ZONE_HOST;
    }

    public UUID parent() {
        return tunnelZoneId;
    }

    public String key() {
        return hostId.toString();
    }

    public String createPath() {
        return "/tunnel_zones/" + tunnelZoneId + "/hosts";
    }

    public String itemPath() {
        return createPath() + "/" + hostId;
    }
}

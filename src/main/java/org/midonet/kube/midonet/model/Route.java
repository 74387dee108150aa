package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** A route of a router; routes are immutable in MidoNet. Prefix lengths are always sent with addresses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Route(
        @JsonIgnore UUID routerId,
        UUID id,
        String srcNetworkAddr,
        int srcNetworkLength,
        String dstNetworkAddr,
        int dstNetworkLength,
        UUID nextHopPort,
        String nextHopGateway,
        String type)
        implements MidonetResource {

    /** A Normal route from anywhere to dst/len through a port of the router, optionally via a gateway. */
    public static Route normal(UUID routerId, UUID id, String dst, int dstLength, UUID nextHopPort, String gateway) {
        return new Route(routerId, id, "0.0.0.0", 0, dst, dstLength, nextHopPort, gateway, "Normal");
    }

    public ResourceKind kind() {
        return ResourceKind.ROUTE;
    }

    public UUID parent() {
        return routerId;
    }

    public String key() {
        return id.toString();
    }

    public String createPath() {
        return "/routers/" + routerId + "/routes";
    }

    public String itemPath() {
        return "/routes/" + id;
    }
}

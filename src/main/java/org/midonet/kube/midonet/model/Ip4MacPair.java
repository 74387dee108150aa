package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** An entry of a bridge's ARP table. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ip4MacPair(@JsonIgnore UUID bridgeId, String ip, String mac) implements MidonetResource {
    public ResourceKind kind() {
        return ResourceKind.IPV4_MAC_PAIR;
    }

    public UUID parent() {
        return bridgeId;
    }

    public String key() {
        return ip + "_" + mac.replace(':', '-');
    }

    public String createPath() {
        return "/bridges/" + bridgeId + "/arp_table";
    }

    public String itemPath() {
        return createPath() + "/" + key();
    }
}

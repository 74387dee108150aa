package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** An entry of a bridge's MAC table: frames to this MAC go to this port. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MacPort(@JsonIgnore UUID bridgeId, String macAddr, UUID portId) implements MidonetResource {
    public ResourceKind kind() {
        return ResourceKind.MAC_PORT;
    }

    public UUID parent() {
        return bridgeId;
    }

    public String key() {
        return macAddr.replace(':', '-') + "_" + portId;
    }

    public String createPath() {
        return "/bridges/" + bridgeId + "/mac_table";
    }

    public String itemPath() {
        return createPath() + "/" + key();
    }
}

package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** A stored rule: all its fields but the position, which comes from its place in the chain. */
final class SimRule {
    final UUID id;
    final UUID chainId;
    final ObjectNode spec;

    SimRule(UUID id, UUID chainId, ObjectNode spec) {
        this.id = id;
        this.chainId = chainId;
        this.spec = spec;
    }

    String type() {
        return spec.path("type").asText();
    }

    UUID jumpChainId() {
        String target = spec.path("jumpChainId").asText(null);
        return target == null ? null : UUID.fromString(target);
    }
}

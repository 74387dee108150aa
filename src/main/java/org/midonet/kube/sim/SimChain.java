package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A stored chain and the ids of its rules in chain order. */
final class SimChain {
    final UUID id;
    final ObjectNode spec;
    final List<UUID> ruleIds = new ArrayList<>();

    SimChain(UUID id, ObjectNode spec) {
        this.id = id;
        this.spec = spec;
    }
}

package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A stored bridge with its MAC and ARP tables. */
final class SimBridge {
    final UUID id;
    ObjectNode spec;
    final List<MacEntry> macTable = new ArrayList<>();
    final List<ArpEntry> arpTable = new ArrayList<>();

    SimBridge(UUID id, ObjectNode spec) {
        this.id = id;
        this.spec = spec;
    }

    /** An entry of the MAC table: frames to this MAC on this VLAN go to this port. */
    record MacEntry(String mac, UUID portId, int vlanId) {
    }

    /** An entry of the ARP table. */
    record ArpEntry(String ip, String mac) {
    }
}

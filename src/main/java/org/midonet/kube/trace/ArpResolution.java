package org.midonet.kube.trace;

import java.util.Optional;
import java.util.UUID;
import org.midonet.kube.trace.Topology.Port;

/** What a bridge answers for an IPv4 address: its routers' port addresses first, then its ARP table. */
final class ArpResolution {
    private ArpResolution() {
    }

    static Optional<String> onBridge(Topology topology, UUID bridgeId, String ip) {
        for (Port port : topology.portsOf(bridgeId)) {
            Optional<Port> peer = topology.port(port.peerId());
            if (peer.isPresent() && ip.equals(peer.get().address()) && peer.get().mac() != null) {
                return Optional.of(peer.get().mac());
            }
        }
        return Optional.ofNullable(topology.arpTable(bridgeId).get(ip));
    }
}

package org.midonet.kube.trace;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.midonet.kube.trace.Topology.Port;
import org.midonet.kube.trace.Topology.Route;

/**
 * A router's choice of route (agent semantics §6): the longest destination prefix holding the packet's
 * destination among routes whose source prefix holds its source, the lowest weight there, and among equal
 * routes a per-connection hash, which the trace reports as a choice. Routes through a port count only while
 * the port is up and linked or bound.
 */
final class RouteLookup {
    private RouteLookup() {
    }

    static Optional<Route> lookup(Topology topology, UUID routerId, Packet packet, Choices choices, String where) {
        List<Route> usable = topology.routesOf(routerId).stream().filter(r -> published(topology, r))
                .filter(r -> r.destination().contains(packet.dstIp()) && r.source().contains(packet.srcIp())).toList();
        for (int length = 32; length >= 0; length--) {
            int prefix = length;
            List<Route> candidates = usable.stream().filter(r -> r.destination().length() == prefix).toList();
            if (candidates.isEmpty()) {
                continue;
            }
            int best = candidates.stream().mapToInt(Route::weight).min().orElseThrow();
            List<Route> equal = candidates.stream().filter(r -> r.weight() == best)
                    .sorted(Comparator.comparing(Route::id)).toList();
            if (equal.size() == 1) {
                return Optional.of(equal.get(0));
            }
            List<String> options = equal.stream().map(r -> r.destination() + " via " + r.nextHopPort()
                    + (r.nextHopGateway() == null ? "" : " gateway " + r.nextHopGateway())).toList();
            return Optional.of(equal.get(choices.choose(where + " equal-cost routes", null, options)));
        }
        return Optional.empty();
    }

    private static boolean published(Topology topology, Route route) {
        if (route.nextHopPort() == null) {
            return true;
        }
        Optional<Port> port = topology.port(route.nextHopPort());
        return port.isPresent() && port.get().adminUp() && (port.get().interior() || port.get().exterior());
    }
}

package org.midonet.kube.trace;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.midonet.kube.trace.Topology.DeviceType;
import org.midonet.kube.trace.Topology.Port;

/**
 * Readable names of ports: what Kubernetes calls the thing bound to an exterior port (a pod, a node's host),
 * else the port's role and address.
 */
final class PortLabels implements Function<UUID, String> {
    /** The host interface through which a node's host joins its bridge. */
    static final String NODE_INTERFACE = "midokube-mido";

    private final Topology topology;
    private final Map<String, String> byInterface;

    PortLabels(Topology topology, Map<String, String> byInterface) {
        this.topology = topology;
        this.byInterface = Map.copyOf(byInterface);
    }

    @Override
    public String apply(UUID id) {
        Port port = topology.port(id).orElse(null);
        if (port == null) {
            return "port " + id;
        }
        String device = topology.nameOf(port.deviceId());
        if (port.interfaceName() != null) {
            String known = byInterface.get(port.interfaceName());
            if (known != null) {
                return known;
            }
            if (NODE_INTERFACE.equals(port.interfaceName())) {
                return "node " + device + " (" + NODE_INTERFACE + ")";
            }
            return "port " + port.interfaceName() + " of " + device;
        }
        if (port.type() == DeviceType.ROUTER) {
            return "router port " + (port.address() == null ? id : port.address()) + " of " + device;
        }
        if (port.interior()) {
            String peer = topology.port(port.peerId()).map(p -> topology.nameOf(p.deviceId())).orElse("?");
            return "port of " + device + " linked to " + peer;
        }
        return "port " + id + " of " + device;
    }
}

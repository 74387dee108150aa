package org.midonet.kube.facts;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.common.Ipv4;

/**
 * A Node that can join the cluster network: it has a MidoNet host id and an IPv4 pod CIDR.
 * The pod CIDR's first address is the node's gateway on the cluster router, the second the node's own
 * address on its bridge. created is null when the object has no creationTimestamp (a manifest file).
 */
public record NodeFact(
        String name,
        String uid,
        UUID hostId,
        Cidr podCidr,
        List<NodeAddress> addresses,
        UUID tunnelZoneId,
        String tunnelEndpointIp,
        String mac,
        Instant created) {

    /** An InternalIP or ExternalIP address of a Node. */
    public record NodeAddress(String type, String ip) {
    }

    public NodeFact {
        addresses = List.copyOf(addresses);
    }

    public NodeFact(String name, String uid, UUID hostId, Cidr podCidr, List<NodeAddress> addresses, UUID tunnelZoneId,
            String tunnelEndpointIp, String mac) {
        this(name, uid, hostId, podCidr, addresses, tunnelZoneId, tunnelEndpointIp, mac, null);
    }

    public ObjectRef ref() {
        return new ObjectRef("Node", null, name);
    }

    /** Whether this Node wins a conflict with the other (see {@link Seniority}). */
    public boolean olderThan(NodeFact other) {
        return Seniority.older(created, name, other.created, other.name);
    }

    public String gatewayIp() {
        return Ipv4.add(podCidr.address(), 1);
    }

    public String nodeIp() {
        return Ipv4.add(podCidr.address(), 2);
    }
}

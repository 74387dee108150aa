package org.midonet.kube.node;

import java.util.List;
import org.midonet.kube.facts.Cidr;
import org.midonet.kube.facts.Ipv4;

/**
 * The addresses of a node's connection to the cluster network, from its pod CIDR as the controllers
 * derive them (NodeFact): the first address is the gateway (the cluster router's port), the second the
 * node's own, on midokube-node. Pods get addresses from the third on.
 */
public record NodeNetwork(Cidr podCidr, Cidr clusterCidr, Cidr serviceCidr) {
    /** The host side of the node's veth pair, which has the node's address. */
    public static final String HOST_LINK = "midokube-node";
    /** The MidoNet side, which the controllers bind to the node's bridge port (node.drl). */
    public static final String MIDONET_LINK = "midokube-mido";

    public NodeNetwork {
        if (podCidr.prefixLength() > 29) {
            throw new IllegalArgumentException("the pod CIDR " + podCidr + " is too small for a gateway, the node and Pods");
        }
    }

    public String gateway() {
        return Ipv4.add(podCidr.address(), 1);
    }

    public String nodeIp() {
        return Ipv4.add(podCidr.address(), 2);
    }

    /** The node's address with the pod CIDR's prefix length, as on midokube-node. */
    public String nodeAddress() {
        return nodeIp() + "/" + podCidr.prefixLength();
    }

    /** The first address IPAM may give a Pod. */
    public String firstPodIp() {
        return Ipv4.add(podCidr.address(), 3);
    }

    /** The cluster's pod network and its Services, both through the gateway. */
    public List<KernelRoute> routes() {
        return List.of(new KernelRoute(clusterCidr.toString(), gateway(), HOST_LINK),
                new KernelRoute(serviceCidr.toString(), gateway(), HOST_LINK));
    }
}

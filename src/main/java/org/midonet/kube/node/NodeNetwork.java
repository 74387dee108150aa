package org.midonet.kube.node;

import java.util.List;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.common.Ipv4;

/**
 * The addresses of a node's connection to the cluster network, from its pod CIDR as the controllers
 * derive them (NodeFact): the first address is the gateway (the cluster router's port), the second the
 * node's own, on midokube-node. Pods get addresses from the third on. The MTU of the node's and the Pods'
 * veth pairs, when set (0: the kernel's, 1500), leaves room for MidoNet's tunnel headers on the underlay.
 */
public record NodeNetwork(Cidr podCidr, Cidr clusterCidr, Cidr serviceCidr, int mtu) {
    /** The smallest MTU IPv4 allows; 0 means the kernel's default. */
    public static final int MIN_MTU = 68;

    /** The host side of the node's veth pair, which has the node's address. */
    public static final String HOST_LINK = "midokube-node";
    /** The MidoNet side, which the controllers bind to the node's bridge port (node.drl). */
    public static final String MIDONET_LINK = "midokube-mido";

    public NodeNetwork {
        if (podCidr.prefixLength() > 29) {
            throw new IllegalArgumentException("the pod CIDR " + podCidr + " is too small for a gateway, the node and Pods");
        }
        if (mtu != 0 && (mtu < MIN_MTU || mtu > 65535)) {
            throw new IllegalArgumentException("the MTU must be between " + MIN_MTU + " and 65535, not " + mtu);
        }
    }

    public NodeNetwork(Cidr podCidr, Cidr clusterCidr, Cidr serviceCidr) {
        this(podCidr, clusterCidr, serviceCidr, 0);
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

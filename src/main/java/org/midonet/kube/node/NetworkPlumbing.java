package org.midonet.kube.node;

import java.util.List;
import java.util.Optional;

/**
 * The network changes the node agent and the CNI plugin make, each in a given network namespace. The one
 * implementation drives iproute2 ({@link Iproute2}); tests of the logic above it may use another.
 * Methods throw {@link PlumbingException} when the kernel refuses.
 */
public interface NetworkPlumbing {
    Optional<Link> link(Netns ns, String name);

    /**
     * A veth pair: name in ns, peerName in peerNs, with the given MACs (null: the kernel picks one) and MTU on
     * both sides (0: the kernel's).
     */
    void addVethPair(Netns ns, String name, String mac, Netns peerNs, String peerName, String peerMac, int mtu);

    /** Deletes a link (a veth's peer goes with it); false when there was none. */
    boolean deleteLink(Netns ns, String name);

    void setUp(Netns ns, String name);

    void setMtu(Netns ns, String name, int mtu);

    void addAddress(Netns ns, String name, String cidr);

    void deleteAddress(Netns ns, String name, String cidr);

    /** Adds the route, or changes the route to that destination to this one. */
    void replaceRoute(Netns ns, KernelRoute route);

    /** Deletes the route; false when there was none. */
    boolean deleteRoute(Netns ns, KernelRoute route);

    /** The IPv4 routes of the main table. */
    List<KernelRoute> routes(Netns ns);
}

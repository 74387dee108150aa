package org.midonet.kube.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host's side of the cluster network: the veth pair midokube-node (the node's address) / midokube-mido
 * (bound to the node's MidoNet port), and routes to the cluster and Service networks through the gateway.
 * {@link #ensure} changes only what differs, so a restarted agent changes nothing.
 */
public final class NodePlumbing {
    private final NetworkPlumbing plumbing;
    private final Netns host;

    public NodePlumbing(NetworkPlumbing plumbing, Netns host) {
        this.plumbing = plumbing;
        this.host = host;
    }

    /** What ensure found or changed: midokube-node's MAC and a line per change (empty when all was in place). */
    public record Outcome(String mac, List<String> changes) {
    }

    public Outcome ensure(NodeNetwork network) {
        List<String> changes = new ArrayList<>();
        Optional<Link> node = plumbing.link(host, NodeNetwork.HOST_LINK);
        Optional<Link> mido = plumbing.link(host, NodeNetwork.MIDONET_LINK);
        if (node.isEmpty() || mido.isEmpty()) {
            node.ifPresent(l -> plumbing.deleteLink(host, l.name()));
            mido.ifPresent(l -> plumbing.deleteLink(host, l.name()));
            plumbing.addVethPair(host, NodeNetwork.HOST_LINK, null, host, NodeNetwork.MIDONET_LINK, null, network.mtu());
            changes.add("created the veth pair " + NodeNetwork.HOST_LINK + "/" + NodeNetwork.MIDONET_LINK);
            node = plumbing.link(host, NodeNetwork.HOST_LINK);
            mido = plumbing.link(host, NodeNetwork.MIDONET_LINK);
        }
        Link nodeLink = node.orElseThrow(() -> new PlumbingException(NodeNetwork.HOST_LINK + " vanished"));
        for (String address : nodeLink.ipv4Addresses()) {
            if (!address.equals(network.nodeAddress())) {
                plumbing.deleteAddress(host, NodeNetwork.HOST_LINK, address);
                changes.add("removed the stale address " + address);
            }
        }
        if (!nodeLink.ipv4Addresses().contains(network.nodeAddress())) {
            plumbing.addAddress(host, NodeNetwork.HOST_LINK, network.nodeAddress());
            changes.add("gave " + NodeNetwork.HOST_LINK + " the address " + network.nodeAddress());
        }
        Link midoLink = mido.orElseThrow(() -> new PlumbingException(NodeNetwork.MIDONET_LINK + " vanished"));
        mtu(nodeLink, network, changes);
        mtu(midoLink, network, changes);
        up(nodeLink, changes);
        up(midoLink, changes);
        routes(network, changes);
        return new Outcome(nodeLink.mac(), changes);
    }

    private void mtu(Link link, NodeNetwork network, List<String> changes) {
        if (network.mtu() > 0 && link.mtu() != network.mtu()) {
            plumbing.setMtu(host, link.name(), network.mtu());
            changes.add("set " + link.name() + "'s MTU to " + network.mtu());
        }
    }

    private void up(Link link, List<String> changes) {
        if (!link.up()) {
            plumbing.setUp(host, link.name());
            changes.add("set " + link.name() + " up");
        }
    }

    /** Adds the missing routes and removes other gateway routes through midokube-node (from an earlier configuration). */
    private void routes(NodeNetwork network, List<String> changes) {
        List<KernelRoute> existing = plumbing.routes(host);
        for (KernelRoute route : existing) {
            if (NodeNetwork.HOST_LINK.equals(route.device()) && route.gateway() != null && !network.routes().contains(route)) {
                plumbing.deleteRoute(host, route);
                changes.add("removed the stale route to " + route.destination() + " via " + route.gateway());
            }
        }
        for (KernelRoute route : network.routes()) {
            if (!existing.contains(route)) {
                plumbing.replaceRoute(host, route);
                changes.add("routed " + route.destination() + " via " + route.gateway());
            }
        }
    }

    /** Deletes the veth pair (its routes go with it); the names of what was removed. */
    public List<String> remove() {
        List<String> removed = new ArrayList<>();
        for (String name : List.of(NodeNetwork.HOST_LINK, NodeNetwork.MIDONET_LINK)) {
            if (plumbing.deleteLink(host, name)) {
                removed.add(name);
            }
        }
        return removed;
    }
}

package org.midonet.kube.node;

import java.util.List;

/**
 * A network interface as the kernel reports it: name, MAC, whether it is up, its IPv4 addresses (a.b.c.d/n),
 * and its MTU (0 when not known).
 */
public record Link(String name, String mac, boolean up, List<String> ipv4Addresses, int mtu) {
    public Link {
        ipv4Addresses = List.copyOf(ipv4Addresses);
    }

    public Link(String name, String mac, boolean up, List<String> ipv4Addresses) {
        this(name, mac, up, ipv4Addresses, 0);
    }
}

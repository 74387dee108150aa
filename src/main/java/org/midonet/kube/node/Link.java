package org.midonet.kube.node;

import java.util.List;

/** A network interface as the kernel reports it: name, MAC, whether it is up, and its IPv4 addresses (a.b.c.d/n). */
public record Link(String name, String mac, boolean up, List<String> ipv4Addresses) {
    public Link {
        ipv4Addresses = List.copyOf(ipv4Addresses);
    }
}

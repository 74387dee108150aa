package org.midonet.kube.node;

/**
 * An IPv4 route of the main table: destination (a.b.c.d/n, or 0.0.0.0/0 for the default), gateway (null when on-link),
 * device.
 */
public record KernelRoute(String destination, String gateway, String device) {
}

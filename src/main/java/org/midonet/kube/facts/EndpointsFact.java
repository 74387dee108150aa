package org.midonet.kube.facts;

import java.util.List;

/**
 * One group of endpoints of a Service, from an EndpointSlice or from one subset of a v1 Endpoints: every
 * endpoint serves every port of the group.
 *
 * @param source the object it came from, e.g. "EndpointSlice web-x7k2p" or "Endpoints web#0"
 */
public record EndpointsFact(String namespace, String serviceName, String source, List<Port> ports,
        List<Endpoint> endpoints) {

    /** A port of the group; name matches the Service port's name. */
    public record Port(String name, Protocol protocol, int port) {
    }

    /** An endpoint address with its EndpointSlice conditions. */
    public record Endpoint(String ip, boolean ready, boolean serving, boolean terminating) {
    }

    public EndpointsFact {
        ports = List.copyOf(ports);
        endpoints = List.copyOf(endpoints);
    }

    public String serviceKey() {
        return namespace + "/" + serviceName;
    }
}

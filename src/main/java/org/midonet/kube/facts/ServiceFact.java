package org.midonet.kube.facts;

import java.util.List;

/** A Service with an IPv4 ClusterIP (types ClusterIP, NodePort and LoadBalancer). */
public record ServiceFact(String namespace, String name, String uid, String clusterIp, List<ServicePort> ports) {

    /** A port of a Service: its name ("" when unnamed), protocol and port number. */
    public record ServicePort(String name, Protocol protocol, int port) {
    }

    public ServiceFact {
        ports = List.copyOf(ports);
    }

    public String key() {
        return namespace + "/" + name;
    }
}

package org.midonet.kube.facts;

import java.time.Instant;
import java.util.List;

/**
 * A Service with an IPv4 ClusterIP (types ClusterIP, NodePort and LoadBalancer); created is null when the
 * object has no creationTimestamp (a manifest file).
 */
public record ServiceFact(String namespace, String name, String uid, String clusterIp, List<ServicePort> ports,
        Instant created) {

    /** A port of a Service: its name ("" when unnamed), protocol and port number. */
    public record ServicePort(String name, Protocol protocol, int port) {
    }

    public ServiceFact {
        ports = List.copyOf(ports);
    }

    public ServiceFact(String namespace, String name, String uid, String clusterIp, List<ServicePort> ports) {
        this(namespace, name, uid, clusterIp, ports, null);
    }

    public String key() {
        return namespace + "/" + name;
    }

    public ObjectRef ref() {
        return new ObjectRef("Service", namespace, name);
    }

    /** Whether this Service wins a conflict with the other (see {@link Seniority}). */
    public boolean olderThan(ServiceFact other) {
        return Seniority.older(created, key(), other.created, other.key());
    }
}

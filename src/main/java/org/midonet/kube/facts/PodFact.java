package org.midonet.kube.facts;

import java.time.Instant;

/**
 * A Pod on the cluster network, scheduled to a node; ip and mac are null until known, created when the
 * object has no creationTimestamp (a manifest file).
 */
public record PodFact(String namespace, String name, String uid, String nodeName, String ip, String mac, Instant created) {

    public PodFact(String namespace, String name, String uid, String nodeName, String ip, String mac) {
        this(namespace, name, uid, nodeName, ip, mac, null);
    }

    public String key() {
        return namespace + "/" + name;
    }

    public ObjectRef ref() {
        return new ObjectRef("Pod", namespace, name);
    }

    /** Whether this Pod wins a conflict with the other (see {@link Seniority}). */
    public boolean olderThan(PodFact other) {
        return Seniority.older(created, key(), other.created, other.key());
    }
}

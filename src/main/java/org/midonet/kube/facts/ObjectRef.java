package org.midonet.kube.facts;

/** Names a Kubernetes object in messages: "Service default/web", "Node node-1". */
public record ObjectRef(String kind, String namespace, String name) {

    public String key() {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }

    @Override
    public String toString() {
        return kind + " " + key();
    }
}

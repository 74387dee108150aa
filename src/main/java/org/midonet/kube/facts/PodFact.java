package org.midonet.kube.facts;

/** A Pod on the cluster network, scheduled to a node; ip and mac are null until known. */
public record PodFact(String namespace, String name, String uid, String nodeName, String ip, String mac) {

    public String key() {
        return namespace + "/" + name;
    }
}

package org.midonet.kube.translate;

import org.midonet.kube.facts.NodeFact;
import org.midonet.kube.facts.PodFact;
import org.midonet.kube.facts.ServiceFact.ServicePort;
import org.midonet.kube.facts.ServiceFact;

/**
 * Which Translation each derived resource goes to. Names and namespaces follow the original. Nodes are
 * grouped as the original grouped them. A Pod has one Translation for everything it derives (its port, the
 * binding, the bridge's MAC and ARP entries for it, its hairpin rule), where the original had a Pod-MAC and
 * a Pod-ARP Translation besides; a Service has one for everything it derives (its chains, the jumps into
 * them and the load-balancing rules), where the original had one per Service, per port and per endpoint:
 * 10,000 Services make 10,000 Translations, not 50,000 or more, and 11,000 Pods 11,000, not 33,000.
 */
public final class Translations {
    public static final String GLOBAL_NAMESPACE = "kube-system";
    /** Translations of cluster-scoped Nodes live here. */
    public static final String NODE_NAMESPACE = "default";

    private Translations() {
    }

    public static TranslationId global(String name) {
        return new TranslationId(GLOBAL_NAMESPACE, Names.translationName("midonet-global", name), null);
    }

    public static TranslationId node(NodeFact n) {
        return nodeTranslation("Node", n, n.name());
    }

    public static TranslationId nodeAddress(NodeFact n, NodeFact.NodeAddress a) {
        return nodeTranslation("Node-Address", n, addressKey(n, a));
    }

    public static String addressKey(NodeFact n, NodeFact.NodeAddress a) {
        return n.name() + "/" + a.type() + "/" + a.ip();
    }

    public static TranslationId nodeTunnelEndpoint(NodeFact n) {
        String zone = n.tunnelZoneId() == null ? "" : n.tunnelZoneId().toString();
        return nodeTranslation("Node-Tunnel-Endpoint", n, n.name() + "/" + n.tunnelEndpointIp() + "/" + zone + "/" + n.hostId());
    }

    public static TranslationId nodeMac(NodeFact n) {
        return unversioned("Node-MAC", n, n.name() + "/mac/" + hex(n.mac()));
    }

    public static TranslationId nodeArp(NodeFact n) {
        return unversioned("Node-ARP", n, n.name() + "/ip/" + n.nodeIp() + "/" + hex(n.mac()));
    }

    public static TranslationId pod(PodFact p) {
        return podTranslation("Pod", p, p.name());
    }

    public static TranslationId service(ServiceFact s) {
        return serviceTranslation("Service", s, s.name());
    }

    /** The original's key of a Service port: "ns/name/portName/clusterIP/protocolNumber/port". */
    public static String servicePortKey(ServiceFact s, ServicePort p) {
        return s.key() + "/" + p.name() + "/" + s.clusterIp() + "/" + p.protocol().number() + "/" + p.port();
    }

    private static TranslationId nodeTranslation(String kind, NodeFact n, String keyName) {
        return new TranslationId(NODE_NAMESPACE, Names.translationName(kind, keyName), nodeOwner(n));
    }

    private static TranslationId podTranslation(String kind, PodFact p, String keyName) {
        return new TranslationId(p.namespace(), Names.translationName(kind, keyName), podOwner(p));
    }

    private static TranslationId serviceTranslation(String kind, ServiceFact s, String keyName) {
        return new TranslationId(s.namespace(), Names.translationName(kind, keyName),
                new Owner("v1", "Service", s.namespace(), s.name(), s.uid()));
    }

    private static TranslationId unversioned(String kind, NodeFact n, String keyName) {
        return new TranslationId(NODE_NAMESPACE, Names.unversionedTranslationName(kind, keyName), nodeOwner(n));
    }

    private static Owner nodeOwner(NodeFact n) {
        return new Owner("v1", "Node", null, n.name(), n.uid());
    }

    private static Owner podOwner(PodFact p) {
        return new Owner("v1", "Pod", p.namespace(), p.name(), p.uid());
    }

    private static String hex(String mac) {
        return mac.replace(":", "");
    }
}

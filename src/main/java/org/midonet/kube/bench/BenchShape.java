package org.midonet.kube.bench;

import io.fabric8.kubernetes.api.model.Node;
import java.util.Locale;
import org.midonet.kube.common.Annotations;

/**
 * The shape of a synthetic cluster: N Services × P ports × E endpoints on K nodes with a pool of pods per
 * node, spread over namespaces, generated from a seed (the same shape and seed give the same cluster and the
 * same sequence of changes).
 */
record BenchShape(int services, int ports, int endpoints, int nodes, int podsPerNode, int namespaces, long seed) {

    BenchShape {
        if (services < 1 || ports < 1 || endpoints < 1 || nodes < 1 || namespaces < 1) {
            throw new IllegalArgumentException("services, ports, endpoints, nodes and namespaces must be at least 1");
        }
        if ((long) nodes * podsPerNode < endpoints) {
            throw new IllegalArgumentException("the pod pool (" + nodes + " nodes × " + podsPerNode + " pods) is smaller than "
                    + endpoints + " endpoints of one Service");
        }
    }

    /** A fresh cluster of this shape (Pods as objects too: each gets its port and hairpin rule in MidoNet). */
    SyntheticCluster cluster(boolean withPods) {
        SyntheticCluster cluster = new SyntheticCluster(services, ports, endpoints, nodes, podsPerNode, namespaces, withPods,
                seed);
        cluster.nodes().forEach(BenchShape::annotate);
        return cluster;
    }

    /**
     * Gives a Node the annotations the node annotator would (the host id is there already): the default tunnel
     * zone and its InternalIP as tunnel endpoint, so the benchmark needs no annotator writing Nodes meanwhile.
     */
    static void annotate(Node node) {
        var annotations = node.getMetadata().getAnnotations();
        annotations.putIfAbsent(Annotations.TUNNEL_ZONE_ID, "");
        node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType())).findFirst()
                .ifPresent(a -> annotations.putIfAbsent(Annotations.TUNNEL_ENDPOINT_IP, a.getAddress()));
    }

    /** E.g. "10000 Services × 2 ports × 10 endpoints, 100 nodes". */
    String label() {
        return String.format(Locale.ROOT, "%,d Service%s × %d port%s × %,d endpoints, %,d nodes", services,
                services == 1 ? "" : "s", ports, ports == 1 ? "" : "s", endpoints, nodes);
    }

    /** A short name for files and CSV rows, e.g. "10000x2x10". */
    String id() {
        return services + "x" + ports + "x" + endpoints;
    }
}

package org.midonet.kube.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;

/**
 * The changes a benchmark makes once the cluster is loaded, drawn from the cluster's seeded random source so
 * that a cluster built from the same shape and seed sees the same sequence: {@code warmup + changes}
 * single-endpoint changes (one endpoint of a random Service replaced), then {@code serviceOps} times a Service
 * (with its EndpointSlice) added and deleted again.
 */
record Workload(int warmup, int changes, int serviceOps) {

    Workload {
        if (warmup < 0 || changes < 0 || serviceOps < 0) {
            throw new IllegalArgumentException("warm-up, changes and Service operations must not be negative");
        }
    }

    /** The next single-endpoint change: the EndpointSlice of a random Service with one endpoint replaced. */
    EndpointSlice endpointChange(SyntheticCluster cluster) {
        return cluster.replaceOneEndpoint(cluster.random().nextInt(cluster.serviceCount()));
    }

    /** A new Service and its EndpointSlice. */
    List<HasMetadata> addService(SyntheticCluster cluster) {
        return cluster.addService();
    }

    /** The Service added last and its EndpointSlice, to delete. */
    List<HasMetadata> removeService(SyntheticCluster cluster) {
        return cluster.removeLastService();
    }
}

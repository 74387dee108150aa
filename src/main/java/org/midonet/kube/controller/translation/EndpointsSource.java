package org.midonet.kube.controller.translation;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where a Service's endpoints are read from: EndpointSlices (discovery.k8s.io/v1) or v1 Endpoints. */
public enum EndpointsSource {
    /** EndpointSlices if the API server serves discovery.k8s.io/v1 (asked through API discovery), else Endpoints. */
    AUTO,
    ENDPOINT_SLICES,
    ENDPOINTS;

    private static final Logger LOG = LoggerFactory.getLogger(EndpointsSource.class);

    /** Whether to watch EndpointSlices; AUTO asks the API server, and assumes slices when it cannot tell. */
    public boolean useSlices(KubernetesClient client) {
        return switch (this) {
            case ENDPOINT_SLICES -> true;
            case ENDPOINTS -> false;
            case AUTO -> slicesServed(client);
        };
    }

    private static boolean slicesServed(KubernetesClient client) {
        try {
            boolean served = client.supports(EndpointSlice.class);
            if (!served) {
                LOG.info("the API server does not serve EndpointSlices (discovery.k8s.io/v1): watching v1 Endpoints");
            }
            return served;
        } catch (KubernetesClientException e) {
            LOG.warn("API discovery failed ({}); assuming EndpointSlices are served", e.getMessage());
            return true;
        }
    }
}

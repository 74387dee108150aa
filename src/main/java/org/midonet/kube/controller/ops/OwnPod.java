package org.midonet.kube.controller.ops;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pod this process runs in, for Events about the process itself (MidoNet refusing its credentials): named
 * by the POD_NAME variable (the downward API in the Deployment), in the namespace of the client (the
 * ServiceAccount's). None outside a Pod, or when it cannot be read: such Events are then only logged.
 */
public final class OwnPod {
    private static final Logger LOG = LoggerFactory.getLogger(OwnPod.class);

    private OwnPod() {
    }

    public static Optional<Pod> find(KubernetesClient kube, String podName) {
        String namespace = kube.getNamespace();
        if (podName == null || podName.isEmpty() || namespace == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(kube.pods().inNamespace(namespace).withName(podName).get());
        } catch (KubernetesClientException e) {
            LOG.debug("cannot read the Pod {}/{}: {}", namespace, podName, e.getMessage());
            return Optional.empty();
        }
    }
}

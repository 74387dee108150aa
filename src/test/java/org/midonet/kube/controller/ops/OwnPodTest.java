package org.midonet.kube.controller.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/** The process's own Pod is found by its name in the client's namespace, or not at all. */
@EnableKubernetesMockClient(https = false, crud = true)
class OwnPodTest {
    KubernetesClient client;

    @Test
    void findsThePodNamedByPodNameInTheClientsNamespaceOnly() {
        client.pods().inNamespace(client.getNamespace()).resource(new PodBuilder().withNewMetadata()
                .withName("midonet-kube-controllers-7d9f").endMetadata().build()).create();

        assertThat(OwnPod.find(client, "midonet-kube-controllers-7d9f"))
                .hasValueSatisfying(p -> assertThat(p.getMetadata().getNamespace()).isEqualTo(client.getNamespace()));
        assertThat(OwnPod.find(client, "another")).isEmpty();
        assertThat(OwnPod.find(client, null)).as("not in a Pod").isEmpty();
    }
}

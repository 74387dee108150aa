package org.midonet.kube.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach Kubernetes, shared by the commands that talk to it: a kubeconfig, else in-cluster. */
final class KubernetesOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE", defaultValue = "${env:KUBECONFIG}",
            description = "The cluster. Default: $KUBECONFIG, else in-cluster or ~/.kube/config.")
    Path kubeconfig;

    /** A client; IllegalArgumentException when the kubeconfig cannot be read. */
    KubernetesClient client() {
        if (kubeconfig == null) {
            return new KubernetesClientBuilder().build();
        }
        try {
            if (!Files.isReadable(kubeconfig)) {
                throw new IOException("not readable");
            }
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        } catch (IOException e) {
            throw new IllegalArgumentException("--kubeconfig: cannot read " + kubeconfig + ": " + e.getMessage());
        }
    }
}

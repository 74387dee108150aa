package org.midonet.kube.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.midonet.kube.http.KubernetesHttp;
import picocli.CommandLine.Option;

/** How to reach Kubernetes, shared by the commands that talk to it: a kubeconfig, else in-cluster. */
final class KubernetesOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE", defaultValue = "${env:KUBECONFIG}",
            description = "The cluster. Default: $KUBECONFIG, else in-cluster or ~/.kube/config.")
    Path kubeconfig;

    /** A client; IllegalArgumentException when the kubeconfig cannot be read. */
    KubernetesClient client() {
        if (kubeconfig == null) {
            return KubernetesHttp.client();
        }
        try {
            if (!Files.isReadable(kubeconfig)) {
                throw new IOException("not readable");
            }
            return KubernetesHttp.client(Config.fromKubeconfig(Files.readString(kubeconfig)));
        } catch (IOException e) {
            throw new IllegalArgumentException("--kubeconfig: cannot read " + kubeconfig + ": " + e.getMessage());
        }
    }
}

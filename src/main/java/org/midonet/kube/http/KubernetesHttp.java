package org.midonet.kube.http;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import okhttp3.OkHttpClient;

/** Kubernetes clients on OkHttp with Nagle's algorithm off ({@link NoDelaySocketFactory}). */
public final class KubernetesHttp {
    private KubernetesHttp() {
    }

    /** The HTTP client factory for fabric8's client builders. */
    public static HttpClient.Factory factory() {
        return new OkHttpClientFactory() {
            @Override
            protected void additionalConfig(OkHttpClient.Builder builder) {
                builder.socketFactory(new NoDelaySocketFactory());
            }
        };
    }

    /** A client from the usual places (kubeconfig, in-cluster). */
    public static KubernetesClient client() {
        return new KubernetesClientBuilder().withHttpClientFactory(factory()).build();
    }

    public static KubernetesClient client(Config config) {
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(factory()).build();
    }
}

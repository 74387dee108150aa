package org.midonet.kube.controller.pusher;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the status subresource of Translations. A status that says everything anew (after a push) goes as one
 * JSON Patch over the client's HTTP connection: the typed client would read the Translation first, or copy it
 * whole, and decode the whole Translation it answers, which cost the pusher a third of its time at a cold start.
 */
final class StatusWriter {
    private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String API_VERSION = HasMetadata.getApiVersion(Translation.class);

    private final KubernetesClient kube;
    private final HttpClient http;
    private final long timeoutMillis;

    StatusWriter(KubernetesClient kube) {
        this.kube = kube;
        this.http = kube.getHttpClient();
        int requestTimeout = kube.getConfiguration().getRequestTimeout();
        this.timeoutMillis = requestTimeout > 0 ? requestTimeout : 10_000;
    }

    /** Replaces the status with one JSON Patch; false if that failed (a 404, the Translation gone, is fine). */
    boolean replace(Translation tr, TranslationStatus status) {
        String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + Serialization.asJson(status) + "}]";
        HttpRequest request = http.newHttpRequestBuilder().uri(statusUri(tr)).patch(JSON_PATCH, patch).build();
        try {
            HttpResponse<String> response = http.sendAsync(request, String.class).get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (response.isSuccessful() || response.code() == 404) {
                return true;
            }
            LOG.warn("cannot write the status: {} {}", response.code(), PusherStatus.truncate(response.body(), 512));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cannot write the status: {}", e.getCause() != null ? e.getCause() : e);
        }
        return false;
    }

    /** Changes the status from the one the API server holds; false if that failed (a 404 is fine). */
    boolean edit(Translation tr, UnaryOperator<TranslationStatus> change) {
        try {
            kube.resources(Translation.class).inNamespace(tr.getMetadata().getNamespace()).withName(tr.getMetadata().getName())
                    .editStatus(t -> {
                        t.setStatus(change.apply(t.getStatus()));
                        return t;
                    });
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return true;
            }
            LOG.warn("cannot write the status: {}", e.getMessage());
            return false;
        }
    }

    private URI statusUri(Translation tr) {
        String root = kube.getMasterUrl().toString();
        return URI.create((root.endsWith("/") ? root : root + "/") + "apis/" + API_VERSION + "/namespaces/"
                + tr.getMetadata().getNamespace() + "/translations/" + tr.getMetadata().getName() + "/status");
    }
}

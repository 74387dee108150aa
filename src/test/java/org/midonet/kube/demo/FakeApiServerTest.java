package org.midonet.kube.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationRecords;
import org.midonet.kube.translate.Translations;

class FakeApiServerTest {
    private FakeApiServer api;

    @BeforeEach
    void start() {
        api = FakeApiServer.start(0);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(api.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    @Test
    void servesTheDiscoveryKubectlReads() throws Exception {
        assertThat(get("/version").path("major").asText()).isEqualTo("1");
        assertThat(get("/api").path("versions").get(0).asText()).isEqualTo("v1");
        assertThat(get("/apis").path("groups").findValuesAsText("name")).contains("discovery.k8s.io", "midonet.org");
        assertThat(get("/api/v1").path("resources").findValuesAsText("name")).contains("nodes", "pods", "services");
        JsonNode translations = get("/apis/midonet.org/v1").path("resources").get(0);
        assertThat(translations.path("name").asText()).isEqualTo("translations");
        assertThat(translations.path("shortNames").get(0).asText()).isEqualTo("tr");
    }

    @Test
    void storesObjectsAndTranslations() throws Exception {
        try (KubernetesClient client = api.client()) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build()).create();
            Translation t = TranslationRecords.of(Translations.global("chain"), List.of());
            client.resources(Translation.class).inNamespace("kube-system").resource(t).create();

            assertThat(client.nodes().list().getItems()).extracting(n -> n.getMetadata().getName()).containsExactly("n1");
            assertThat(client.resources(Translation.class).inAnyNamespace().list().getItems())
                    .extracting(x -> x.getMetadata().getName()).containsExactly("midonet-global.4.chain");
        }
        assertThat(get("/api/v1/nodes").path("items").get(0).path("metadata").path("name").asText()).isEqualTo("n1");
    }
}

package org.midonet.kube.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
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

    @Test
    void findsUpdatesAndDeletesNamedObjectsAmongMany() {
        try (KubernetesClient client = api.client()) {
            for (int i = 0; i < 300; i++) {
                client.configMaps().inNamespace("ns-" + (i % 3)).resource(new ConfigMapBuilder().withNewMetadata()
                        .withName("cm-" + i % 100).endMetadata().addToData("i", Integer.toString(i)).build()).create();
            }
            // every name in three namespaces: each namespace has its own
            assertThat(client.configMaps().inNamespace("ns-1").withName("cm-1").get().getData()).containsEntry("i", "1");
            assertThat(client.configMaps().inNamespace("ns-2").withName("cm-2").get().getData()).containsEntry("i", "2");
            assertThat(client.configMaps().inNamespace("ns-0").withName("cm-1").get().getData()).containsEntry("i", "201");
            assertThat(client.configMaps().inNamespace("ns-1").withName("nothing").get()).isNull();

            client.configMaps().inNamespace("ns-1").withName("cm-1").edit(c -> {
                c.getData().put("edited", "yes");
                return c;
            });
            assertThat(client.configMaps().inNamespace("ns-1").withName("cm-1").get().getData()).containsEntry("edited", "yes");
            assertThat(client.configMaps().inNamespace("ns-1").withLabel("none").list().getItems()).isEmpty();
            assertThat(client.configMaps().inAnyNamespace().list().getItems()).hasSize(300);

            assertThat(client.configMaps().inNamespace("ns-1").withName("cm-1").delete()).hasSize(1);
            assertThat(client.configMaps().inNamespace("ns-1").withName("cm-1").get()).isNull();
            assertThat(client.configMaps().inNamespace("ns-1").withName("cm-1").delete()).isEmpty();
            assertThat(client.configMaps().inAnyNamespace().list().getItems()).hasSize(299);
            client.configMaps().inNamespace("ns-1").resource(new ConfigMapBuilder().withNewMetadata().withName("cm-1")
                    .endMetadata().addToData("again", "yes").build()).create();
            assertThat(client.configMaps().inNamespace("ns-1").withName("cm-1").get().getData()).containsEntry("again", "yes");
        }
    }

    @Test
    void deletesATranslationWithAFinalizerOnlyOnceItIsRemoved() {
        try (KubernetesClient client = api.client()) {
            var translations = client.resources(Translation.class).inNamespace("kube-system");
            Translation t = TranslationRecords.of(Translations.global("chain"), List.of());
            t.getMetadata().setFinalizers(List.of(Translation.FINALIZER));
            translations.resource(t).create();
            String name = t.getMetadata().getName();

            translations.withName(name).delete();
            Translation deleting = translations.withName(name).get();
            assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();

            translations.withName(name).edit(x -> {
                x.getMetadata().setFinalizers(List.of());
                return x;
            });
            assertThat(translations.withName(name).get()).isNull();
        }
    }
}

package org.midonet.kube.controller.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kie.api.KieBase;
import org.midonet.kube.k8s.BackendResource;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;

/** The Kubernetes side of the translation controller's tests: the CRD, the sample cluster, what is expected. */
final class TranslationFixture {
    static final String TENANT = "midonetkube";
    private static KieBase rules;

    private TranslationFixture() {
    }

    static synchronized KieBase rules() {
        if (rules == null) {
            rules = RuleBase.builtIn();
        }
        return rules;
    }

    static void createCrd(KubernetesClient client) {
        try (InputStream in = Files.newInputStream(Path.of("manifests/translation-crd.yaml"))) {
            client.apiextensions().v1().customResourceDefinitions()
                    .resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The objects of samples/ (Nodes, Pods, Services, EndpointSlices). */
    static List<HasMetadata> samples() {
        ManifestReader.Result read = ManifestReader.read(List.of("samples/"), InputStream.nullInputStream());
        assertThat(read.problems()).isEmpty();
        return read.objects();
    }

    static void create(KubernetesClient client, List<? extends HasMetadata> objects) {
        objects.forEach(o -> client.resource(o).create());
    }

    /** Fast batching and retries, EndpointSlices. */
    static TranslationControllerOptions fast() {
        return TranslationControllerOptions.defaults().withEndpoints(EndpointsSource.ENDPOINT_SLICES)
                .withBatching(Duration.ofMillis(20), 500).withRetry(Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    static TranslationController controller(KubernetesClient client, MeterRegistry registry,
            TranslationControllerOptions options) {
        return new TranslationController(client, rules(), TENANT, registry, options);
    }

    /** What `translate` gives for the objects the API server holds now (with its uids): namespace/name to resources. */
    static Map<String, List<BackendResource>> expected(KubernetesClient client, boolean endpointSlices) {
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(client.nodes().list().getItems());
        all.addAll(client.pods().inAnyNamespace().list().getItems());
        all.addAll(client.services().inAnyNamespace().list().getItems());
        if (endpointSlices) {
            all.addAll(client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems());
        } else {
            all.addAll(client.endpoints().inAnyNamespace().list().getItems());
        }
        Map<String, List<BackendResource>> expected = new TreeMap<>();
        try (TranslationEngine engine = new TranslationEngine(rules(), TENANT)) {
            engine.apply(all);
            engine.translations().forEach((id, content) -> expected.put(id.toString(),
                    content.stream().map(BackendResource::of).toList()));
        }
        return expected;
    }

    /** The Translations not being deleted: namespace/name to resources. */
    static Map<String, List<BackendResource>> live(KubernetesClient client) {
        Map<String, List<BackendResource>> live = new TreeMap<>();
        all(client).stream().filter(t -> t.getMetadata().getDeletionTimestamp() == null)
                .forEach(t -> live.put(key(t), t.getResources()));
        return live;
    }

    /** Every Translation's resourceVersion, those being deleted included: namespace/name to version. */
    static Map<String, String> versions(KubernetesClient client) {
        Map<String, String> versions = new TreeMap<>();
        all(client).forEach(t -> versions.put(key(t), t.getMetadata().getResourceVersion()));
        return versions;
    }

    static List<Translation> all(KubernetesClient client) {
        return client.resources(Translation.class).inAnyNamespace().list().getItems();
    }

    static String key(Translation t) {
        return t.getMetadata().getNamespace() + "/" + t.getMetadata().getName();
    }
}

package org.midonet.kube.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CRD in manifests/ describes the Translation class the code writes. */
class TranslationCrdTest {
    @Test
    void crdMatchesTheTranslationClass() throws IOException {
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(Path.of("manifests/translation-crd.yaml"))) {
            crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        }
        assertThat(crd.getMetadata().getName()).isEqualTo(CustomResource.getCRDName(Translation.class));
        assertThat(crd.getSpec().getGroup()).isEqualTo(new Translation().getGroup());
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo(new Translation().getKind());
        assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(new Translation().getPlural());
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly(CustomResource.getShortNames(Translation.class));
        assertThat(crd.getSpec().getVersions()).singleElement()
                .satisfies(v -> assertThat(v.getName()).isEqualTo(new Translation().getVersion()))
                .satisfies(v -> assertThat(v.getSchema().getOpenAPIV3Schema().getProperties())
                        .containsKeys("resources", "status"));
    }

    /** An API server prunes fields its schema does not name: every field of a resource entry must be named. */
    @Test
    void crdNamesEveryFieldOfAResourceEntry() throws IOException {
        CustomResourceDefinition crd;
        try (InputStream in = Files.newInputStream(Path.of("manifests/translation-crd.yaml"))) {
            crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        }
        BackendResource piece = new BackendResource("Rule", "", "{\"id\":");
        piece.setContinued(true);
        Set<String> fields = new HashSet<>();
        Serialization.jsonMapper().readTree(Serialization.asJson(piece)).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).contains("continued");
        assertThat(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("resources")
                .getItems().getSchema().getProperties()).containsOnlyKeys(fields);
    }
}

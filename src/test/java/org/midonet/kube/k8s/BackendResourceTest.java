package org.midonet.kube.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;

class BackendResourceTest {
    @Test
    void everyResourceOfTheSamplesReadsBackAsItWasRecorded() {
        try (TranslationEngine engine = new TranslationEngine(RuleBase.builtIn(), "midonetkube")) {
            engine.apply(ManifestReader.read(List.of("samples/"), System.in).objects());
            List<MidonetResource> all = engine.translations().values().stream().flatMap(List::stream).toList();
            assertThat(all).hasSizeGreaterThan(100);
            for (MidonetResource r : all) {
                assertThat(BackendResource.of(r).toResource()).isEqualTo(r);
            }
        }
    }

    @Test
    void aMalformedEntrySaysWhatIsWrong() {
        assertThatThrownBy(() -> new BackendResource("Chain", "", "{not json").toResource())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the body of a Chain is not JSON");
        assertThatThrownBy(() -> new BackendResource("Gizmo", "", "{}").toResource())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown MidoNet resource kind 'Gizmo'");
    }
}

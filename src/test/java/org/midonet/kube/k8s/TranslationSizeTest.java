package org.midonet.kube.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.MidonetResource;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/** A Service with 1,000 endpoints stays in a few Translations, each far below Kubernetes' size limit. */
class TranslationSizeTest {
    /** etcd's default request limit, which bounds the size of any Kubernetes object. */
    private static final int OBJECT_SIZE_LIMIT = 1536 * 1024;

    @Test
    void aServiceWithAThousandEndpointsFitsInAFewSmallTranslations() {
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ips.add("10.1." + (i / 250) + "." + (i % 250 + 1));
        }
        try (TranslationEngine engine = new TranslationEngine(RuleBase.builtIn(), "midonetkube")) {
            engine.apply(List.of(
                    K8s.service("default", "big", "10.96.0.50", K8s.port("http", "TCP", 80), K8s.port("https", "TCP", 443)),
                    K8s.slice("default", "big", "big-1", ips, "http/TCP/8080", "https/TCP/8443")));
            Map<TranslationId, List<MidonetResource>> ofService = new TreeMap<>();
            engine.translations().forEach((id, content) -> {
                if (!id.global()) {
                    ofService.put(id, content);
                }
            });
            // the chains; per port the jump, the DNAT and four Translations of hairpin rules
            assertThat(ofService).hasSize(1 + 2 * (1 + 1 + 4));
            int largest = ofService.entrySet().stream()
                    .mapToInt(e -> Serialization.asJson(TranslationRecords.of(e.getKey(), e.getValue()))
                            .getBytes(StandardCharsets.UTF_8).length)
                    .max().orElseThrow();
            System.out.println("largest Translation: " + largest + " bytes");
            assertThat(largest).isLessThan(OBJECT_SIZE_LIMIT / 8);
        }
    }
}

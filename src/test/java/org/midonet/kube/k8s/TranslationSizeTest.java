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

/**
 * A Service with 1,000 endpoints stays in 1 + 2 x ports Translations, each far below Kubernetes' size limit: the
 * largest is the DNAT's, since the hairpin rules belong to the pods, not to the Service.
 */
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
            // the chains; per port the jump and the DNAT
            assertThat(ofService).hasSize(1 + 2 * 2);
            Map<TranslationId, Integer> sizes = new TreeMap<>();
            ofService.forEach((id, content) -> sizes.put(id, Serialization.asJson(TranslationRecords.of(id, content))
                    .getBytes(StandardCharsets.UTF_8).length));
            var largest = sizes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            System.out.println("largest Translation: " + largest.getKey() + ", " + largest.getValue() + " bytes");
            assertThat(largest.getKey().name()).startsWith("service-backends.4.default-big-");
            assertThat(ofService.get(largest.getKey())).singleElement();
            assertThat(largest.getValue()).isLessThan(OBJECT_SIZE_LIMIT / 8);
        }
    }
}

package org.midonet.kube.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.midonet.kube.controller.pusher.PusherStatus;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/**
 * A Service with 1,000 endpoints is one Translation, far below Kubernetes' size limit: its chains, the jumps into
 * them and a DNAT per port, whose targets make up most of it; the hairpin rules belong to the pods, not to the
 * Service.
 */
class TranslationSizeTest {
    /** etcd's default request limit, which bounds the size of any Kubernetes object. */
    private static final int OBJECT_SIZE_LIMIT = 1536 * 1024;

    @Test
    void aServiceWithAThousandEndpointsFitsInOneSmallTranslation() {
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
            assertThat(ofService).hasSize(1);
            TranslationId id = ofService.keySet().iterator().next();
            List<MidonetResource> content = ofService.get(id);
            assertThat(id.name()).isEqualTo("service.4.big");
            // per port the chain, the jump and the DNAT with all 1,000 endpoints as targets
            assertThat(content).hasSize(2 * 3);
            assertThat(content).filteredOn(r -> r instanceof ChainRule rule && rule.type() == ChainRule.Type.DNAT)
                    .hasSize(2).allSatisfy(r -> assertThat(((ChainRule) r).natTargets()).hasSize(1000));
            int size = Serialization.asJson(TranslationRecords.of(id, content)).getBytes(StandardCharsets.UTF_8).length;
            System.out.println("Translation " + id + ": " + size + " bytes");
            // as before, at most an eighth of the limit per port: the DNAT of 1,000 endpoints took about 96 kB
            assertThat(size).isLessThan(2 * OBJECT_SIZE_LIMIT / 8);
            // its status names the six objects rather than repeating them
            String status = Serialization.asJson(PusherStatus.pushed(null, "0".repeat(64), content, 1L, "pushed to MidoNet"));
            assertThat(status.getBytes(StandardCharsets.UTF_8).length).isLessThan(1024);
        }
    }
}

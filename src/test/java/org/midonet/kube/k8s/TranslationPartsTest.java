package org.midonet.kube.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.midonet.kube.controller.pusher.PusherStatus;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/** A Translation of any size is stored in Kubernetes objects under 1 MiB each, and read back whole. */
class TranslationPartsTest {
    private static final int ONE_MIB = 1024 * 1024;
    private static KieBase rules;

    @BeforeAll
    static void compileRules() {
        rules = RuleBase.builtIn();
    }

    @Test
    void aServiceOf5000PortsIsStoredInPartsUnder1MiBEachAndReadBackWhole() {
        List<ServicePort> ports = new ArrayList<>();
        List<String> slicePorts = new ArrayList<>();
        for (int i = 1; i <= 5000; i++) {
            ports.add(K8s.port("p" + i, "TCP", i));
            slicePorts.add("p" + i + "/TCP/" + (10000 + i));
        }
        Translation whole = serviceTranslation(K8s.service("default", "wide", "10.96.0.60", ports.toArray(ServicePort[]::new)),
                K8s.slice("default", "wide", "wide-1", List.of("10.1.1.20"), slicePorts.toArray(String[]::new)));
        assertThat(whole.getResources()).hasSize(3 * 5000);

        List<Translation> stored = TranslationParts.split(whole);

        assertThat(stored.size()).isGreaterThan(2);
        assertEachStoredUnder1MiB(stored, whole);
        assertThat(join(stored).getResources()).isEqualTo(whole.getResources());
    }

    @Test
    void aPortOf20000EndpointsHasItsDnatCutInPiecesThatJoinBack() {
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ips.add("10." + (1 + i / 62_500) + "." + (i / 250 % 250) + "." + (i % 250 + 1));
        }
        List<HasMetadata> slices = new ArrayList<>();
        for (int s = 0; s < 20; s++) { // EndpointSlices hold up to 1,000 endpoints
            slices.add(K8s.slice("default", "deep", "deep-" + s, ips.subList(s * 1000, (s + 1) * 1000), "http/TCP/8080"));
        }
        List<HasMetadata> objects = new ArrayList<>(List.of(K8s.service("default", "deep", "10.96.0.61",
                K8s.port("http", "TCP", 80))));
        objects.addAll(slices);
        Translation whole = serviceTranslation(objects);
        BackendResource dnat = whole.getResources().stream().filter(r -> r.getBody().contains("\"dnat\"")).findFirst()
                .orElseThrow();
        assertThat(TranslationParts.size(dnat)).isGreaterThan(TranslationParts.BUDGET);

        List<Translation> stored = TranslationParts.split(whole);

        assertThat(stored).hasSizeGreaterThan(2);
        assertThat(stored.stream().flatMap(t -> t.getResources().stream())).anyMatch(BackendResource::continues);
        assertEachStoredUnder1MiB(stored, whole);
        Translation joined = join(stored);
        assertThat(joined.getResources()).isEqualTo(whole.getResources());
        ChainRule rule = (ChainRule) joined.getResources().stream().filter(r -> r.getBody().contains("\"dnat\"")).findFirst()
                .orElseThrow().toResource();
        assertThat(rule.natTargets()).hasSize(20_000);
    }

    @Test
    void aSmallTranslationIsStoredAsItIs() {
        Translation whole = serviceTranslation(K8s.service("default", "web", "10.96.0.10", K8s.port("http", "TCP", 80)),
                K8s.slice("default", "web", "web-1", List.of("10.1.1.20"), "http/TCP/8080"));
        assertThat(TranslationParts.split(whole)).containsExactly(whole);
        assertThat(TranslationParts.assemble(whole, name -> null)).contains(whole);
    }

    @Test
    void aTranslationIsNotReadWholeWhileAPartIsMissingHoldsAnotherContentOrBelongsToAnotherHead() {
        List<Translation> stored = TranslationParts.split(smallTranslation(40), 1000);
        assertThat(stored).hasSizeGreaterThan(2);
        Map<String, Translation> byName = byName(stored);
        Translation head = stored.get(0);
        assertThat(TranslationParts.declaredParts(head)).isEqualTo(stored.size() - 1);
        assertThat(TranslationParts.assemble(head, byName::get)).isPresent();

        Map<String, Translation> missing = new HashMap<>(byName);
        missing.remove(TranslationParts.partName(head.getMetadata().getName(), 2));
        assertThat(TranslationParts.assemble(head, missing::get)).isEmpty();

        List<Translation> rewritten = TranslationParts.split(smallTranslation(41), 1000);
        Map<String, Translation> halfWritten = new HashMap<>(byName);
        halfWritten.put(rewritten.get(0).getMetadata().getName(), rewritten.get(0));
        assertThat(TranslationParts.assemble(rewritten.get(0), halfWritten::get)).as("new head, old parts").isEmpty();

        Translation stranger = stored.get(1);
        stranger.getMetadata().getAnnotations().put(TranslationParts.PART_OF_ANNOTATION, "service.4.other");
        assertThat(TranslationParts.assemble(head, byName::get)).isEmpty();
    }

    @Test
    void bodiesAreCutBetweenCharactersNeverInsideOneAndJoinExactly() {
        String body = "{\"name\":\"" + "é€😀\\\"x".repeat(500) + "\"}";
        Translation whole = new Translation();
        whole.setMetadata(meta("service.4.odd"));
        whole.setResources(List.of(new BackendResource("Chain", "", body)));

        List<Translation> stored = TranslationParts.split(whole, 700);

        assertThat(stored).hasSizeGreaterThan(5);
        stored.forEach(t -> t.getResources().forEach(r -> {
            assertThat(TranslationParts.size(r)).isLessThanOrEqualTo(700);
            assertThat(Character.isHighSurrogate(r.getBody().charAt(r.getBody().length() - 1))).isFalse();
        }));
        assertThat(join(stored).getResources()).containsExactly(new BackendResource("Chain", "", body));
    }

    @Test
    void partNamesStayValidNamesForTheLongestHeads() {
        String longest = "service.4." + "a".repeat(243);
        assertThat(TranslationParts.partName("service.4.web", 3)).isEqualTo("service.4.web.part-3");
        assertThat(TranslationParts.partName(longest, 12)).hasSizeLessThanOrEqualTo(253).endsWith(".part-12")
                .isNotEqualTo(TranslationParts.partName(longest.substring(0, 252) + "b", 12));
    }

    private static Translation smallTranslation(int chains) {
        List<BackendResource> resources = new ArrayList<>();
        for (int i = 0; i < chains; i++) {
            resources.add(new BackendResource("Chain", "", "{\"id\":\"" + i + "\",\"name\":\"KUBE-SVC-" + i + "\"}"));
        }
        Translation t = new Translation();
        t.setMetadata(meta("service.4.many"));
        t.setResources(resources);
        return t;
    }

    private static ObjectMeta meta(String name) {
        return new ObjectMetaBuilder().withNamespace("default").withName(name).build();
    }

    private static Translation serviceTranslation(HasMetadata... objects) {
        return serviceTranslation(List.of(objects));
    }

    private static Translation serviceTranslation(List<HasMetadata> objects) {
        try (TranslationEngine engine = new TranslationEngine(rules, "midonetkube")) {
            engine.apply(objects);
            Map.Entry<TranslationId, List<MidonetResource>> service = engine.translations().entrySet().stream()
                    .filter(e -> e.getKey().name().startsWith("service.")).findFirst().orElseThrow();
            return TranslationRecords.of(service.getKey(), service.getValue());
        }
    }

    /** Each object with the status the pusher would write for the whole content: under 1 MiB. */
    private static void assertEachStoredUnder1MiB(List<Translation> stored, Translation whole) {
        List<MidonetResource> content = whole.getResources().stream().map(BackendResource::toResource).toList();
        stored.get(0).setStatus(PusherStatus.pushed(null, ContentHash.of(whole.getResources()), content, 1L,
                "pushed to MidoNet: " + content.size() + " created"));
        for (Translation t : stored) {
            int size = Serialization.asJson(t).getBytes(StandardCharsets.UTF_8).length;
            assertThat(size).as(t.getMetadata().getName()).isLessThan(ONE_MIB);
        }
    }

    private static Translation join(List<Translation> stored) {
        Optional<Translation> whole = TranslationParts.assemble(stored.get(0), byName(stored)::get);
        assertThat(whole).isPresent();
        return whole.get();
    }

    private static Map<String, Translation> byName(List<Translation> stored) {
        Map<String, Translation> byName = new HashMap<>();
        stored.forEach(t -> byName.put(t.getMetadata().getName(), t));
        return byName;
    }
}

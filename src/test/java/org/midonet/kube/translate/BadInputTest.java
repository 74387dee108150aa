package org.midonet.kube.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.facts.FactMapper;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.facts.Problem;
import org.midonet.kube.testing.K8s;

/**
 * Malformed objects in a batch are reported in the ChangeSet and translated to nothing, and the valid objects
 * of the batch are translated exactly as if the malformed ones were not there.
 */
class BadInputTest {
    private static final String HOST_1 = "44fb4381-c99d-4389-86c3-fdca765bcbde";
    private static final String HOST_2 = "9d1f4f0a-3a43-4c55-8f43-7b0e1c2d3e4f";
    private static final String HOST_3 = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
    private static final String LONG_NAME = "a".repeat(64);

    /** A cluster's worth of valid objects, of every kind. */
    private static List<HasMetadata> valid() {
        return List.of(
                K8s.node("n1", "10.1.0.0/24", HOST_1),
                K8s.nodeBuilder("n2", "10.1.1.0/24", HOST_2).withNewStatus()
                        .addToAddresses(new NodeAddressBuilder().withType("InternalIP").withAddress("192.168.1.12").build())
                        .endStatus().build(),
                K8s.pod("default", "p1", "n1", "10.1.0.5", "aa:bb:cc:00:00:05"),
                K8s.pod("default", "p2", "n2", "10.1.1.5", "aa:bb:cc:00:01:05"),
                K8s.pod("kube-system", "dns-1", "n1", "10.1.0.7", "aa:bb:cc:00:00:07"),
                K8s.service("default", "web", "10.96.0.20", K8s.port("http", "TCP", 80)),
                K8s.slice("default", "web", "web-1", List.of("10.1.0.5", "10.1.1.5"), "http/TCP/8080"),
                K8s.service("kube-system", "dns", "10.96.0.10", K8s.port("dns", "UDP", 53), K8s.port("dns-tcp", "TCP", 53)),
                K8s.endpoints("kube-system", "dns", List.of("10.1.0.7"), "dns/UDP/53", "dns-tcp/TCP/53"));
    }

    /** One malformed object of each kind of mistake, with the field its error must name. */
    private static Map<HasMetadata, String> malformed() {
        Map<HasMetadata, String> bad = new LinkedHashMap<>();
        // Nodes
        bad.put(K8s.node("bad-cidr", "10.2.0.5/24", HOST_3), "spec.podCIDR");
        bad.put(K8s.node("garbage-cidr", "garbage", HOST_3), "spec.podCIDR");
        bad.put(K8s.node("v6-cidr", "fd00:10:244::/64", HOST_3), "spec.podCIDR");
        bad.put(K8s.node("tiny-cidr", "10.3.0.0/31", HOST_3), "spec.podCIDR");
        bad.put(K8s.node("bad-host", "10.4.0.0/24", "not-a-uuid"), "metadata.annotations[midonet.org/host-id]");
        bad.put(K8s.nodeBuilder("bad-zone", "10.5.0.0/24", HOST_3).editMetadata()
                .addToAnnotations(Annotations.TUNNEL_ZONE_ID, "zone-a").endMetadata().build(),
                "metadata.annotations[midonet.org/tunnel-zone-id]");
        bad.put(K8s.nodeBuilder("bad-tunnel-ip", "10.6.0.0/24", HOST_3).editMetadata()
                .addToAnnotations(Annotations.TUNNEL_ENDPOINT_IP, "192.168.1").endMetadata().build(),
                "metadata.annotations[midonet.org/tunnel-endpoint-ip]");
        bad.put(K8s.nodeBuilder("bad-node-mac", "10.7.0.0/24", HOST_3).editMetadata()
                .addToAnnotations(Annotations.MAC_ADDRESS, "aa:bb:cc:dd:ee").endMetadata().build(),
                "metadata.annotations[midonet.org/mac-address]");
        bad.put(K8s.nodeBuilder("bad-address", "10.8.0.0/24", HOST_3).withNewStatus()
                .addToAddresses(new NodeAddressBuilder().withType("InternalIP").withAddress("192.168.1.300").build())
                .endStatus().build(), "status.addresses[0].address");
        // Pods, all on valid nodes
        bad.put(K8s.pod("default", "bad-ip", "n1", "10.1.0.300", "aa:bb:cc:00:00:09"), "status.podIP");
        bad.put(new PodBuilder(K8s.pod("default", "bad-ips", "n2", null, null)).editStatus()
                .addNewPodIP().withIp("fd00::9").endPodIP().addNewPodIP().withIp("ten").endPodIP().endStatus().build(),
                "status.podIPs[1].ip");
        bad.put(K8s.pod("default", "bad-mac", "n1", "10.1.0.10", "aa-bb-cc-00-00-0a"),
                "metadata.annotations[midonet.org/mac-address]");
        bad.put(K8s.pod("default", "a".repeat(254), "n1", "10.1.0.11", null), "metadata.name");
        bad.put(K8s.pod(LONG_NAME, "p1", "n1", "10.1.0.12", null), "metadata.namespace");
        bad.put(new PodBuilder().withNewSpec().withNodeName("n1").endSpec().build(), "metadata");
        // Services
        bad.put(K8s.service("default", "icmp", "10.96.0.30", K8s.port("ping", "ICMP", 1)), "spec.ports[0].protocol");
        bad.put(K8s.service("default", "big-port", "10.96.0.31", K8s.port("http", "TCP", 80), K8s.port("x", "TCP", 70000)),
                "spec.ports[1].port");
        bad.put(K8s.service("default", "zero-port", "10.96.0.32", K8s.port("http", "TCP", 0)), "spec.ports[0].port");
        bad.put(K8s.service("default", "dup-names", "10.96.0.33", K8s.port("http", "TCP", 80), K8s.port("http", "TCP", 81)),
                "spec.ports[1].name");
        bad.put(K8s.service("default", LONG_NAME, "10.96.0.34", K8s.port("http", "TCP", 80)), "metadata.name");
        bad.put(K8s.service("default", "bad-cluster-ip", "10.96.0.256", K8s.port("http", "TCP", 80)), "spec.clusterIP");
        bad.put(nullPortEntry(), "spec.ports[1]");
        // EndpointSlices and Endpoints, some of them for the valid Service default/web
        bad.put(new EndpointSliceBuilder(K8s.slice("default", "web", "no-label", List.of("10.1.0.5"), "http/TCP/8080"))
                .editMetadata().withLabels(null).endMetadata().build(), "metadata.labels[kubernetes.io/service-name]");
        bad.put(K8s.slice("default", "web", "web-bad-ip", List.of("10.1.0.6", "garbage"), "http/TCP/8080"),
                "endpoints[1].addresses[0]");
        bad.put(K8s.slice("default", "web", "web-port-0", List.of("10.1.0.6"), "http/TCP/0"), "ports[0].port");
        bad.put(K8s.slice("default", "web", "web-port-70000", List.of("10.1.0.6"), "http/TCP/70000"), "ports[0].port");
        bad.put(K8s.slice("default", "web", "web-icmp", List.of("10.1.0.6"), "http/ICMP/8080"), "ports[0].protocol");
        bad.put(K8s.endpoints("default", "bad-ep", List.of("10.1.0.5"), "http/TCP/70000"), "subsets[0].ports[0].port");
        bad.put(K8s.endpoints("default", "bad-ep-ip", List.of("10.1.0.5", "10.1.0"), "http/TCP/80"),
                "subsets[0].addresses[1].ip");
        bad.put(new EndpointsBuilder().build(), "metadata");
        return bad;
    }

    private static Service nullPortEntry() {
        Service service = K8s.service("default", "null-port", "10.96.0.35", K8s.port("http", "TCP", 80));
        service.getSpec().setPorts(new ArrayList<>(Arrays.asList(service.getSpec().getPorts().get(0), null)));
        return service;
    }

    /** Fine, but not translated: each gives a NOTICE on this field. */
    private static Map<HasMetadata, String> notTranslated() {
        Map<HasMetadata, String> notices = new LinkedHashMap<>();
        notices.put(K8s.node("no-host-id", "10.9.0.0/24", null), "metadata.annotations[midonet.org/host-id]");
        notices.put(K8s.node("no-cidr", null, HOST_3), "spec.podCIDR");
        notices.put(new ServiceBuilder(K8s.service("default", "v6", "fd00:96::40", K8s.port("http", "TCP", 80)))
                .editSpec().withClusterIPs("fd00:96::40").endSpec().build(), "spec.clusterIPs");
        notices.put(new EndpointSliceBuilder(K8s.slice("default", "web", "web-v6", List.of("fd00::5"), "http/TCP/8080"))
                .withAddressType("IPv6").build(), "addressType");
        return notices;
    }

    /** Out of scope: neither facts nor problems. */
    private static List<HasMetadata> outOfScope() {
        return List.of(
                K8s.pod("default", "pending", null, null, null),
                new PodBuilder(K8s.pod("default", "host-net", "n1", "192.168.1.11", null)).editSpec()
                        .withHostNetwork(true).endSpec().build(),
                new PodBuilder(K8s.pod("default", "done", "n1", "10.1.0.99", null)).editStatus()
                        .withPhase("Succeeded").endStatus().build(),
                new PodBuilder(K8s.pod("default", "failed", "n2", "garbage", null)).editStatus()
                        .withPhase("Failed").endStatus().build(),
                K8s.service("default", "headless", "None", K8s.port("http", "TCP", 80)),
                new ServiceBuilder(K8s.service("default", "external", null)).editSpec().withType("ExternalName")
                        .withExternalName("db.example.com").endSpec().build());
    }

    /** Valid and invalid objects interleaved: malformed ones before, between and after the valid ones. */
    private static List<HasMetadata> mixed() {
        List<HasMetadata> others = new ArrayList<>();
        others.addAll(malformed().keySet());
        others.addAll(notTranslated().keySet());
        others.addAll(outOfScope());
        List<HasMetadata> valid = valid();
        List<HasMetadata> batch = new ArrayList<>();
        for (int i = 0; i < Math.max(valid.size(), others.size()); i++) {
            for (int j = i * 4; j < Math.min(others.size(), i * 4 + 4); j++) {
                batch.add(others.get(j));
            }
            if (i < valid.size()) {
                batch.add(valid.get(i));
            }
        }
        assertThat(batch).hasSize(valid.size() + others.size());
        return batch;
    }

    private static ChangeSet applySafely(TranslationEngine engine, List<HasMetadata> batch) {
        AtomicReference<ChangeSet> result = new AtomicReference<>();
        assertThatCode(() -> result.set(engine.apply(batch))).doesNotThrowAnyException();
        return result.get();
    }

    private static TranslationEngine engine() {
        return new TranslationEngine(RuleBase.builtIn(), "midonetkube");
    }

    @Test
    void validObjectsAloneTranslateWithoutProblems() {
        try (TranslationEngine engine = engine()) {
            ChangeSet changes = applySafely(engine, valid());

            assertThat(changes.problems()).isEmpty();
            assertThat(changes.changes()).isNotEmpty();
            assertThat(engine.translations().keySet()).extracting(TranslationId::toString)
                    .contains("default/node.4.n1", "default/node.4.n2", "default/pod.4.p1", "default/service.4.web");
        }
    }

    @Test
    void malformedObjectsDoNotChangeTheTranslationOfValidOnes() {
        try (TranslationEngine validOnly = engine(); TranslationEngine mixed = engine()) {
            ChangeSet expected = applySafely(validOnly, valid());
            ChangeSet actual = applySafely(mixed, mixed());

            assertThat(actual.changes()).isEqualTo(expected.changes());
            assertThat(mixed.translations()).isEqualTo(validOnly.translations());
        }
    }

    @Test
    void malformedObjectsAloneChangeNothingButTheGlobalTranslations() {
        try (TranslationEngine empty = engine(); TranslationEngine bad = engine()) {
            ChangeSet expected = applySafely(empty, List.of());
            List<HasMetadata> batch = new ArrayList<>(malformed().keySet());
            batch.addAll(notTranslated().keySet());
            batch.addAll(outOfScope());

            ChangeSet actual = applySafely(bad, batch);

            assertThat(actual.changes()).isEqualTo(expected.changes());
            assertThat(bad.translations()).isEqualTo(empty.translations());
            assertThat(actual.problems()).hasSize(malformed().size() + notTranslated().size());
        }
    }

    @Test
    void everyMalformedObjectIsReportedAsAnErrorNamingObjectAndField() {
        try (TranslationEngine engine = engine()) {
            List<Problem> problems = applySafely(engine, mixed()).problems();

            malformed().forEach((object, field) -> {
                ObjectRef ref = FactMapper.refOf(object);
                assertThat(problems)
                        .as("an error of %s on %s", ref, field)
                        .anySatisfy(p -> {
                            assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
                            assertThat(p.object()).isEqualTo(ref);
                            assertThat(p.field()).isEqualTo(field);
                            assertThat(p.toString()).startsWith("error: " + ref + " " + field + ": ");
                        });
            });
        }
    }

    @Test
    void objectsNotTranslatedAreNoticesAndObjectsOutOfScopeAreSilent() {
        try (TranslationEngine engine = engine()) {
            List<Problem> problems = applySafely(engine, mixed()).problems();

            notTranslated().forEach((object, field) -> {
                ObjectRef ref = FactMapper.refOf(object);
                assertThat(problems.stream().filter(p -> p.object().equals(ref)))
                        .as("the problems of %s", ref)
                        .singleElement()
                        .satisfies(p -> {
                            assertThat(p.severity()).isEqualTo(Problem.Severity.NOTICE);
                            assertThat(p.field()).isEqualTo(field);
                            assertThat(p.toString()).startsWith("notice: " + ref + " " + field + ": ");
                        });
            });
            Set<ObjectRef> withProblems = problems.stream().map(Problem::object).collect(Collectors.toSet());
            Set<ObjectRef> expected = new HashSet<>();
            malformed().keySet().forEach(o -> expected.add(FactMapper.refOf(o)));
            notTranslated().keySet().forEach(o -> expected.add(FactMapper.refOf(o)));
            assertThat(withProblems).isEqualTo(expected);
        }
    }

    @Test
    void theOrderOfTheBatchDoesNotMatter() {
        try (TranslationEngine forward = engine(); TranslationEngine backward = engine()) {
            List<HasMetadata> batch = mixed();
            List<HasMetadata> reversed = new ArrayList<>(batch);
            Collections.reverse(reversed);

            ChangeSet a = applySafely(forward, batch);
            ChangeSet b = applySafely(backward, reversed);

            assertThat(backward.translations()).isEqualTo(forward.translations());
            assertThat(b.problems()).containsExactlyInAnyOrderElementsOf(a.problems());
        }
    }

    @Test
    void aMalformedUpdateKeepsTheLastValidTranslationUntilFixedOrDeleted() {
        try (TranslationEngine engine = engine()) {
            applySafely(engine, valid());
            var before = engine.translations();

            ChangeSet broken = applySafely(engine, List.of(
                    K8s.pod("default", "p1", "n1", "10.1.0.300", "aa:bb:cc:00:00:05"),
                    K8s.service("default", "web", "10.96.0.20", K8s.port("http", "ICMP", 80))));

            assertThat(broken.problems()).extracting(Problem::toString).anySatisfy(s ->
                    assertThat(s).startsWith("error: Pod default/p1 status.podIP: '10.1.0.300'"));
            assertThat(broken.problems()).extracting(Problem::toString).anySatisfy(s ->
                    assertThat(s).startsWith("error: Service default/web spec.ports[0].protocol: "));
            assertThat(broken.problems()).extracting(Problem::toString)
                    .contains("notice: Pod default/p1: keeps the translation of its last valid version");
            assertThat(broken.changes()).isEmpty();
            assertThat(engine.translations()).isEqualTo(before);

            ChangeSet fixed = applySafely(engine, valid());
            assertThat(fixed.problems()).isEmpty();
            assertThat(fixed.changes()).isEmpty();

            applySafely(engine, List.of(K8s.pod("default", "p1", "n1", "10.1.0.300", "aa:bb:cc:00:00:05")));
            ChangeSet deleted = engine.apply(List.of(), List.of(new ObjectRef("Pod", "default", "p1")));
            assertThat(deleted.removed()).isNotEmpty();
            assertThat(engine.translations().keySet()).extracting(TranslationId::toString)
                    .noneMatch(name -> name.startsWith("default/pod.4.p1"));
        }
    }

    @Test
    void deletingMalformedObjectsIsHarmless() {
        try (TranslationEngine engine = engine()) {
            applySafely(engine, mixed());
            var before = engine.translations();
            List<ObjectRef> refs = malformed().keySet().stream().map(FactMapper::refOf).toList();

            AtomicReference<ChangeSet> deleted = new AtomicReference<>();
            assertThatCode(() -> deleted.set(engine.apply(List.of(), refs))).doesNotThrowAnyException();

            assertThat(deleted.get().changes()).isEmpty();
            assertThat(deleted.get().problems()).isEmpty();
            assertThat(engine.translations()).isEqualTo(before);
        }
    }
}

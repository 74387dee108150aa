package org.midonet.kube.controller.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.midonet.kube.controller.translation.TranslationFixture.all;
import static org.midonet.kube.controller.translation.TranslationFixture.create;
import static org.midonet.kube.controller.translation.TranslationFixture.expected;
import static org.midonet.kube.controller.translation.TranslationFixture.fast;
import static org.midonet.kube.controller.translation.TranslationFixture.key;
import static org.midonet.kube.controller.translation.TranslationFixture.live;
import static org.midonet.kube.controller.translation.TranslationFixture.samples;
import static org.midonet.kube.controller.translation.TranslationFixture.versions;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midonet.kube.facts.Problem;
import org.midonet.kube.k8s.BackendResource;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.RuleSource;

/**
 * The translation controller against the fabric8 mock server in CRUD mode (real HTTP, watches, finalizers):
 * whatever the order of events, Kubernetes ends up holding exactly the Translations `translate` gives.
 */
@EnableKubernetesMockClient(crud = true)
class TranslationControllerTest {
    private static final Duration CONVERGENCE = Duration.ofSeconds(15);
    /** The web Service's one Translation: its chains, the jumps into them and its DNATs. */
    private static final String WEB = "default/service.4.web";

    KubernetesClient client;

    private final List<TranslationController> controllers = new ArrayList<>();

    @BeforeAll
    static void compileRules() {
        TranslationFixture.rules();
    }

    @BeforeEach
    void createCrd() {
        TranslationFixture.createCrd(client);
    }

    @AfterEach
    void stopControllers() {
        controllers.forEach(TranslationController::close);
    }

    @Test
    void objectsCreatedInAnyOrderConvergeToWhatTranslateGives() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        TranslationController controller = started(registry, fast().withEndpoints(EndpointsSource.AUTO));
        assertThat(live(client)).as("the global Translations, ensured at start").isNotEmpty();
        assertSameTranslations(live(client), expected(client, true));

        List<HasMetadata> reversed = new ArrayList<>(samples()); // slices before Services, pods before nodes
        reversed.sort(Comparator.comparingInt(TranslationControllerTest::dependencyRank).reversed());
        create(client, reversed);

        awaitConverged(true);
        assertThat(controller.queueDepth()).isZero();
        assertThat(registry.get(TranslationControllerMetrics.SYNC_DURATION).timer().count())
                .isGreaterThanOrEqualTo(reversed.size());
        assertThat(registry.get(TranslationControllerMetrics.QUEUE_DEPTH).tag("queue", "translator").gauge().value()).isZero();
        assertThat(writes(registry)).isGreaterThanOrEqualTo(live(client).size());
    }

    @Test
    void startsWithEverythingListedAsOneBatchAndARestartWithNothingChangedWritesNothing() throws Exception {
        List<HasMetadata> shuffled = new ArrayList<>(samples());
        Collections.shuffle(shuffled, new Random(4));
        create(client, shuffled);

        TranslationController first = started(new SimpleMeterRegistry(), fast());
        assertSameTranslations(live(client), expected(client, true)); // written before the controller says it is synced
        Map<String, String> versions = versions(client);
        first.close();

        MeterRegistry registry = new SimpleMeterRegistry();
        started(registry, fast());
        assertThat(versions(client)).isEqualTo(versions);
        assertThat(writes(registry)).isZero();
    }

    @Test
    void anEndpointChangeUpdatesOnlyTheDnatsInTheServicesTranslation() throws Exception {
        create(client, samples());
        started(new SimpleMeterRegistry(), fast());
        Map<String, String> before = versions(client);
        List<BackendResource> webBefore = live(client).get(WEB);

        client.discovery().v1().endpointSlices().inNamespace("default").withName("web-x7k2p").edit(slice -> {
            slice.getEndpoints().get(2).getConditions().setReady(true); // 10.1.2.21 becomes ready
            slice.getEndpoints().get(2).getConditions().setServing(true);
            return slice;
        });

        awaitConverged(true);
        Map<String, String> after = versions(client);
        Set<String> changed = after.keySet().stream().filter(k -> !after.get(k).equals(before.get(k)))
                .collect(Collectors.toSet());
        assertThat(changed).containsExactly(WEB);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        List<BackendResource> webAfter = live(client).get(WEB);
        // the chains and jumps stay; the DNAT of each port, http and https, is replaced
        assertThat(withoutDnats(webAfter)).hasSize(4).isEqualTo(withoutDnats(webBefore));
        assertThat(dnats(webBefore)).hasSize(2).doesNotContainAnyElementsOf(dnats(webAfter));
        assertThat(dnats(webAfter)).hasSize(2).allSatisfy(r -> assertThat(r.getBody()).contains("10.1.2.21"));
    }

    @Test
    void deletingAServiceDeletesItsTranslationWhichWaitsForItsFinalizer() throws Exception {
        create(client, samples());
        started(new SimpleMeterRegistry(), fast());
        String uid = client.services().inNamespace("default").withName("web").get().getMetadata().getUid();
        List<String> owned = ownedBy(uid);
        assertThat(owned).containsExactly(WEB);
        assertThat(live(client).get(WEB)).hasSize(6); // per port, http and https: the chain, the jump, the DNAT

        client.services().inNamespace("default").withName("web").delete();

        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(all(client))
                .filteredOn(t -> owned.contains(key(t)))
                .hasSize(owned.size())
                .allSatisfy(t -> {
                    assertThat(t.getMetadata().getDeletionTimestamp()).isNotNull();
                    assertThat(t.getMetadata().getFinalizers()).containsExactly(Translation.FINALIZER);
                }));
        assertSameTranslations(live(client), expected(client, true));
    }

    @Test
    void reapplyingTheSameObjectsMakesNoTranslationWrite() throws Exception {
        create(client, samples());
        MeterRegistry registry = new SimpleMeterRegistry();
        started(registry, fast());
        Map<String, String> versions = versions(client);
        double writes = writes(registry);

        for (HasMetadata object : objectsInCluster()) { // as `kubectl apply` does: a new resourceVersion, same content
            client.resource(object).edit(o -> {
                o.getMetadata().setAnnotations(new TreeMap<>(o.getMetadata().getAnnotations() == null
                        ? Map.of() : o.getMetadata().getAnnotations()));
                o.getMetadata().getAnnotations().put("kubectl.kubernetes.io/last-applied-configuration", "{}");
                return o;
            });
        }
        create(client, List.of(K8s.service("default", "marker", "10.96.99.99", K8s.port("http", "TCP", 80))));
        await().atMost(CONVERGENCE).until(() -> live(client).containsKey("default/service.4.marker"));

        assertThat(versions(client)).containsAllEntriesOf(versions);
        assertThat(writes(registry) - writes).isEqualTo(versions(client).size() - versions.size()); // the marker's only
    }

    @Test
    void aMalformedObjectIsReportedAndTheOthersAreTranslated() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        TranslationController controller = started(registry, fast());
        List<HasMetadata> objects = new ArrayList<>(samples());
        objects.add(objects.size() / 2, K8s.service("default", "broken", "10.96.0.300", K8s.port("http", "TCP", 80)));
        objects.add(objects.size() / 3, K8s.pod("default", "bad-ip", "worker-1", "10.1.1.999", null));
        create(client, objects);

        awaitConverged(true);
        assertThat(controller.problems()).filteredOn(p -> p.severity() == Problem.Severity.ERROR)
                .extracting(p -> p.object().toString())
                .containsExactlyInAnyOrder("Service default/broken", "Pod default/bad-ip");
        assertThat(registry.get(TranslationControllerMetrics.PROBLEMS).tag("severity", "error").counter().count()).isEqualTo(2);
    }

    @Test
    void aServiceReusingAnOlderClusterIpIsReportedAndTakesOverWhenTheOlderGoes() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        create(client, samples());
        TranslationController controller = started(registry, fast());
        awaitConverged(true);

        create(client, List.of(K8s.service("kube-system", "zz-thief", "10.96.0.10", K8s.port("dns", "UDP", 53))));

        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(controller.problems())
                .filteredOn(p -> p.severity() == Problem.Severity.CONFLICT)
                .extracting(p -> p.object().toString()).containsExactly("Service kube-system/zz-thief"));
        assertThat(registry.get(TranslationControllerMetrics.PROBLEMS).tag("severity", "conflict").counter().count())
                .isEqualTo(1);
        assertThat(live(client)).doesNotContainKey("kube-system/service.4.zz-thief");

        client.services().inNamespace("kube-system").withName("kube-dns").delete();

        await().atMost(CONVERGENCE).until(() -> live(client).containsKey("kube-system/service.4.zz-thief"));
        assertThat(controller.problems()).noneMatch(p -> p.severity() == Problem.Severity.CONFLICT);
    }

    @Test
    void theLoserOfAConflictGetsOneWarningEventWhateverPassesAndRestartsFollow() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        create(client, samples());
        TranslationController controller = started(registry, fast());
        create(client, List.of(K8s.service("kube-system", "zz-thief", "10.96.0.10", K8s.port("dns", "UDP", 53))));

        String conflict = "Service zz-thief NetworkConflict x1: not translated: spec.clusterIP: '10.96.0.10' is the ClusterIP"
                + " of Service kube-system/kube-dns, which is older";
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(warnings("kube-system")).containsExactly(conflict));
        assertThat(conflictsNow(registry)).isEqualTo(1);

        // another pass over the loser, then a restart (everything translated again): the same conflict, no new Event
        client.services().inNamespace("kube-system").withName("zz-thief").edit(s -> {
            s.getMetadata().setLabels(Map.of("touched", "yes"));
            return s;
        });
        await().atMost(CONVERGENCE).until(() -> controller.queueDepth() == 0);
        controller.stop();
        controller.start();
        assertThat(controller.awaitSynced(CONVERGENCE)).isTrue();

        client.services().inNamespace("kube-system").withName("kube-dns").delete();

        await().atMost(CONVERGENCE).until(() -> live(client).containsKey("kube-system/service.4.zz-thief"));
        assertThat(conflictsNow(registry)).isZero();
        Thread.sleep(500); // what the Event recorder could still have queued
        assertThat(warnings("kube-system")).containsExactly(conflict);
    }

    @Test
    void aMalformedObjectGetsAWarningEventAndAConflictThatEndsAndComesBackAnother() throws Exception {
        create(client, samples());
        started(new SimpleMeterRegistry(), fast());
        create(client, List.of(K8s.service("default", "broken", "10.96.0.300", K8s.port("http", "TCP", 80))));
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(warnings("default")).containsExactly(
                "Service broken NetworkTranslationError x1: not translated: spec.clusterIP: '10.96.0.300' is not an IPv4"
                        + " address"));

        create(client, List.of(K8s.service("kube-system", "zz-thief", "10.96.0.10", K8s.port("dns", "UDP", 53))));
        await().atMost(CONVERGENCE).until(() -> warnings("kube-system").size() == 1);
        changeClusterIp("zz-thief", "10.96.0.11");
        await().atMost(CONVERGENCE).until(() -> live(client).containsKey("kube-system/service.4.zz-thief"));
        changeClusterIp("zz-thief", "10.96.0.10");

        // the same message on the same object: the recorder counts it on the Event already there
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(warnings("kube-system"))
                .singleElement().asString().startsWith("Service zz-thief NetworkConflict x2:"));
    }

    private void changeClusterIp(String service, String ip) {
        client.services().inNamespace("kube-system").withName(service).edit(s -> {
            s.getSpec().setClusterIP(ip);
            s.getSpec().setClusterIPs(List.of(ip));
            return s;
        });
    }

    /** The Warning Events of a namespace: "Kind name Reason xCount: message". */
    private List<String> warnings(String namespace) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()))
                .map(e -> e.getInvolvedObject().getKind() + " " + e.getInvolvedObject().getName() + " " + e.getReason()
                        + " x" + e.getCount() + ": " + e.getMessage())
                .toList();
    }

    private static double conflictsNow(MeterRegistry registry) {
        return registry.get(TranslationControllerMetrics.CONFLICTS).gauge().value();
    }

    @Test
    void orphanAndStaleTranslationsAreRemovedAtStartAndThoseOfAMalformedOwnerKept() throws Exception {
        create(client, samples());
        TranslationController controller = started(new SimpleMeterRegistry(), fast());
        controller.stop();
        // while the controller is down: a pod goes, a Service becomes malformed, leftovers appear
        String podUid = client.pods().inNamespace("default").withName("web-7c9f8d6b5-2lq8n").get().getMetadata().getUid();
        List<String> podTranslations = ownedBy(podUid);
        assertThat(podTranslations).as("the Pod's one Translation").containsExactly("default/pod.4.web-7c9f8d6b5-2lq8n");
        // its port, binding and hairpin rule, the bridge's MAC and ARP entries for it
        assertThat(live(client).get("default/pod.4.web-7c9f8d6b5-2lq8n")).hasSize(5);
        client.pods().inNamespace("default").withName("web-7c9f8d6b5-2lq8n").delete();
        String shopUid = client.services().inNamespace("default").withName("shop").get().getMetadata().getUid();
        List<String> shopTranslations = ownedBy(shopUid);
        client.services().inNamespace("default").withName("shop").edit(s -> {
            s.getSpec().setClusterIP("10.96.45.678");
            return s;
        });
        Translation orphan = leftover("default", "pod.4.default-gone", Map.of(Translation.OWNER_UID_LABEL, "uid-of-nothing"));
        Translation staleGlobal = leftover("kube-system", "midonet-global.4.retired", Map.of(Translation.GLOBAL_LABEL, ""));
        Translation handMade = leftover("default", "hand-made", Map.of());

        controller.start();
        assertThat(controller.awaitSynced(CONVERGENCE)).isTrue();

        Map<String, Translation> now = all(client).stream().collect(Collectors.toMap(TranslationFixture::key, t -> t));
        List<String> removed = new ArrayList<>(podTranslations);
        removed.add(key(orphan));
        removed.add(key(staleGlobal));
        assertThat(removed).allSatisfy(k -> assertThat(now.get(k).getMetadata().getDeletionTimestamp()).as(k).isNotNull());
        assertThat(now.get(key(handMade)).getMetadata().getDeletionTimestamp()).isNull();
        assertThat(shopTranslations).isNotEmpty()
                .allSatisfy(k -> assertThat(now.get(k).getMetadata().getDeletionTimestamp()).isNull());
        Map<String, List<BackendResource>> expectedPlusKept = new TreeMap<>(expected(client, true));
        shopTranslations.forEach(k -> expectedPlusKept.put(k, now.get(k).getResources()));
        expectedPlusKept.put(key(handMade), handMade.getResources());
        assertSameTranslations(live(client), expectedPlusKept);

        client.services().inNamespace("default").withName("shop").delete(); // now its kept Translations go
        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(all(client)).filteredOn(t -> shopTranslations.contains(key(t)))
                .allSatisfy(t -> assertThat(t.getMetadata().getDeletionTimestamp()).isNotNull()));
    }

    @Test
    void readsV1EndpointsWhenToldTo() throws Exception {
        List<HasMetadata> objects = new ArrayList<>(samples().stream().filter(o -> !(o instanceof EndpointSlice)).toList());
        objects.add(K8s.endpoints("default", "web", List.of("10.1.1.20", "10.1.2.20"), "http/TCP/8080", "https/TCP/8443"));
        create(client, objects);
        started(new SimpleMeterRegistry(), fast().withEndpoints(EndpointsSource.ENDPOINTS));

        assertSameTranslations(live(client), expected(client, false));
        assertThat(dnats(live(client).get(WEB))).as("web's DNATs, one per port").hasSize(2)
                .allSatisfy(r -> assertThat(r.getBody()).contains("10.1.1.20", "10.1.2.20"));
    }

    @Test
    void anObjectTheRulesFailOnDoesNotStopTheOthers() throws Exception {
        List<RuleSource> sources = new ArrayList<>(RuleSource.builtIn());
        sources.add(new RuleSource("boom.drl", """
                package org.midonet.kube.rules;
                import org.midonet.kube.facts.ServiceFact;
                rule "test: fails on the Service named boom"
                when
                    ServiceFact( name == "boom" )
                then
                    throw new IllegalStateException("boom");
                end
                """));
        TranslationController controller = new TranslationController(client, RuleBase.compile(sources), TranslationFixture.TENANT,
                new SimpleMeterRegistry(), fast());
        controllers.add(controller);
        List<HasMetadata> objects = samples();
        List<HasMetadata> beforeStart = new ArrayList<>(objects.subList(0, objects.size() / 2));
        beforeStart.add(K8s.service("default", "boom", "10.96.7.7", K8s.port("http", "TCP", 80)));
        create(client, beforeStart); // in the first batch
        controller.start();
        assertThat(controller.awaitSynced(CONVERGENCE)).isTrue();
        create(client, objects.subList(objects.size() / 2, objects.size()));
        client.services().inNamespace("default").withName("boom").edit(s -> { // and in a later one
            s.getSpec().setClusterIP("10.96.7.8");
            return s;
        });

        Map<String, List<BackendResource>> expected = withoutBoom(expected(client, true));
        await().atMost(CONVERGENCE).untilAsserted(() -> assertSameTranslations(withoutBoom(live(client)), expected));
    }

    // ---- helpers ----

    private static List<BackendResource> dnats(List<BackendResource> resources) {
        return resources.stream().filter(TranslationControllerTest::isDnat).toList();
    }

    private static List<BackendResource> withoutDnats(List<BackendResource> resources) {
        return resources.stream().filter(r -> !isDnat(r)).toList();
    }

    private static boolean isDnat(BackendResource r) {
        return r.toResource() instanceof ChainRule rule && rule.type() == ChainRule.Type.DNAT;
    }

    private static Map<String, List<BackendResource>> withoutBoom(Map<String, List<BackendResource>> translations) {
        Map<String, List<BackendResource>> without = new TreeMap<>(translations);
        without.keySet().removeIf(k -> k.contains("boom"));
        return without;
    }

    private TranslationController started(MeterRegistry registry, TranslationControllerOptions options)
            throws InterruptedException {
        TranslationController controller = TranslationFixture.controller(client, registry, options);
        controllers.add(controller);
        controller.start();
        assertThat(controller.awaitSynced(CONVERGENCE)).isTrue();
        assertThat(controller.hasSynced()).isTrue();
        return controller;
    }

    private void awaitConverged(boolean endpointSlices) {
        Map<String, List<BackendResource>> expected = expected(client, endpointSlices);
        await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertSameTranslations(live(client), expected));
    }

    /** The same Translation names, then the same resources in each (a readable failure first). */
    private static void assertSameTranslations(Map<String, List<BackendResource>> actual,
            Map<String, List<BackendResource>> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((k, resources) -> assertThat(actual.get(k)).as(k).isEqualTo(resources));
    }

    private List<String> ownedBy(String uid) {
        return all(client).stream().filter(t -> uid.equals(t.getMetadata().getLabels().get(Translation.OWNER_UID_LABEL)))
                .map(TranslationFixture::key).toList();
    }

    private Translation leftover(String namespace, String name, Map<String, String> labels) {
        Translation t = new Translation();
        t.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
                .withLabels(labels).withFinalizers(Translation.FINALIZER).build());
        t.setResources(List.of(new BackendResource("Bridge", "", "{\"name\":\"" + name + "\"}")));
        return client.resources(Translation.class).inNamespace(namespace).resource(t).create();
    }

    private List<HasMetadata> objectsInCluster() {
        List<HasMetadata> all = new ArrayList<>();
        all.addAll(client.nodes().list().getItems());
        all.addAll(client.pods().inAnyNamespace().list().getItems());
        all.addAll(client.services().inAnyNamespace().list().getItems());
        all.addAll(client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems());
        return all;
    }

    private static double writes(MeterRegistry registry) {
        return registry.find(TranslationControllerMetrics.WRITES).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Nodes first, then Pods, Services, endpoints: the order in which objects usually depend on each other. */
    private static int dependencyRank(HasMetadata o) {
        return o instanceof Node ? 0 : o instanceof Pod ? 1 : o instanceof Service ? 2 : 3;
    }
}

package org.midonet.kube.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.midonet.kube.facts.Protocol;
import org.midonet.kube.facts.ServiceFact.ServicePort;
import org.midonet.kube.facts.ServiceFact;
import org.midonet.kube.testing.K8s;

class ExplainTest {
    @Test
    void explainsWhichRulesAndObjectsDerivedATranslation() {
        try (TranslationEngine engine = new TranslationEngine(RuleBase.builtIn(), "midonetkube")) {
            engine.apply(List.of(
                    K8s.service("default", "web", "10.96.0.20", K8s.port("http", "TCP", 80)),
                    K8s.slice("default", "web", "web-1", List.of("10.1.0.5"), "http/TCP/8080"),
                    K8s.slice("default", "web", "web-2", List.of("10.1.1.5"), "http/TCP/8080")));
            ServiceFact service = new ServiceFact("default", "web", K8s.uid("svc/default/web"), "10.96.0.20",
                    List.of(new ServicePort("http", Protocol.TCP, 80)));
            List<Explanation> explanations = engine.explain(Translations.service(service));

            assertThat(explanations).extracting(Explanation::rule).containsExactlyInAnyOrder(
                    "Service: a chain per port",
                    "Service: traffic to ClusterIP:port jumps to the port's chain",
                    "Endpoints: DNAT new connections to any backend");
            assertThat(explanations).filteredOn(e -> e.rule().startsWith("Service: "))
                    .allSatisfy(e -> assertThat(e.sources()).containsExactly("Service default/web"));
            assertThat(explanations).filteredOn(e -> e.rule().equals("Endpoints: DNAT new connections to any backend"))
                    .singleElement().satisfies(e -> assertThat(e.sources())
                            .containsExactlyInAnyOrder("Service default/web", "EndpointSlice web-1", "EndpointSlice web-2"));
            assertThat(engine.explain(Translations.global("chain"))).singleElement()
                    .satisfies(e -> assertThat(e.rule())
                            .isEqualTo("Global: KUBE-MAIN, KUBE-PRE, KUBE-SERVICES and KUBE-HAIRPIN"))
                    .satisfies(e -> assertThat(e.sources()).isEmpty());
        }
    }

    @Test
    void explainsTheHairpinRulesOfANodeAndOfAPod() {
        try (TranslationEngine engine = new TranslationEngine(RuleBase.builtIn(), "midonetkube")) {
            engine.apply(List.of(K8s.node("n1", "10.1.0.0/24", "44fb4381-c99d-4389-86c3-fdca765bcbde"),
                    K8s.pod("default", "p1", "n1", "10.1.0.5", null)));
            TranslationId node = new TranslationId("default", "node.4.n1",
                    new Owner("v1", "Node", null, "n1", K8s.uid("node/n1")));
            TranslationId pod = new TranslationId("default", "pod.4.p1",
                    new Owner("v1", "Pod", "default", "p1", K8s.uid("pod/default/p1")));

            assertThat(engine.explain(node)).extracting(Explanation::rule).contains("Node: a hairpin chain for its pods");
            assertThat(engine.explain(node)).allSatisfy(e -> assertThat(e.sources()).containsExactly("Node n1"));
            assertThat(engine.explain(pod)).extracting(Explanation::rule).containsExactlyInAnyOrder(
                    "Pod: a port on its node's bridge, bound to the pod's veth",
                    "Pod: a connection to itself through a Service comes from the gateway");
            assertThat(engine.explain(pod)).allSatisfy(e -> assertThat(e.sources())
                    .containsExactlyInAnyOrder("Pod default/p1", "Node n1"));
        }
    }
}

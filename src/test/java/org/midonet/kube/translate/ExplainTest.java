package org.midonet.kube.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.midonet.kube.facts.ServiceFact;
import org.midonet.kube.facts.ServiceFact.ServicePort;
import org.midonet.kube.facts.Protocol;
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
            TranslationId backends = Translations.serviceBackends(service, service.ports().get(0));

            assertThat(engine.explain(backends)).extracting(Explanation::rule).containsExactlyInAnyOrder(
                    "Endpoints: DNAT new connections to any backend",
                    "Endpoints: SNAT a pod's connection to itself to the ClusterIP");
            assertThat(engine.explain(backends)).allSatisfy(e -> assertThat(e.sources())
                    .containsExactlyInAnyOrder("Service default/web", "EndpointSlice web-1", "EndpointSlice web-2"));
            assertThat(engine.explain(Translations.global("chain"))).singleElement()
                    .satisfies(e -> assertThat(e.rule()).isEqualTo("Global: KUBE-MAIN, KUBE-PRE and KUBE-SERVICES"))
                    .satisfies(e -> assertThat(e.sources()).isEmpty());
        }
    }
}

package org.midonet.kube.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.midonet.kube.testing.K8s;

class SmokeTest {
    @Test
    void translatesSomething() {
        try (TranslationEngine engine = new TranslationEngine(RuleBase.builtIn(), "midonetkube")) {
            ChangeSet cs = engine.apply(List.of(
                    K8s.node("n1", "10.1.0.0/24", "44fb4381-c99d-4389-86c3-fdca765bcbde"),
                    K8s.pod("default", "p1", "n1", "10.1.0.5", "aa:bb:cc:dd:ee:ff"),
                    K8s.service("default", "web", "10.96.0.20", K8s.port("http", "TCP", 80)),
                    K8s.slice("default", "web", "web-1", List.of("10.1.0.5", "10.1.0.6"), "http/TCP/8080")));
            engine.translations().forEach((id, rs) -> {
                System.out.println(id);
                rs.forEach(r -> System.out.println("   " + r.kind() + " " + r.parent() + " " + org.midonet.kube.midonet.MidonetJson.body(r)));
            });
            System.out.println(cs.problems());
            assertThat(cs.changes()).isNotEmpty();
        }
    }
}

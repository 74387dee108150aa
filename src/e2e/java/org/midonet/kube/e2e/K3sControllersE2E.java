package org.midonet.kube.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.midonet.kube.controller.ControllerSet;
import org.midonet.kube.controller.pusher.PusherOptions;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;
import org.midonet.kube.testing.MidonetAssertions;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The controllers against a real Kubernetes (k3s in Docker) and the MidoNet emulator. Opt-in:
 * {@code ./mvnw -Pk3s-e2e test}; skipped, with JUnit saying so, where Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sControllersE2E {
    @Container
    private static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.2-k3s1"));

    @Test
    void theSampleClusterConvergesOnARealApiServer() throws Exception {
        KieBase rules = RuleBase.builtIn();
        try (KubernetesClient kube = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
                .build()) {
            try (InputStream crd = Files.newInputStream(Path.of("manifests/translation-crd.yaml"))) {
                kube.resource(Serialization.unmarshal(crd, CustomResourceDefinition.class)).create();
            }
            List<HasMetadata> created = new ArrayList<>();
            for (HasMetadata object : ManifestReader.read(List.of("samples/"), System.in).objects()) {
                object.getMetadata().setUid(null);
                created.add(kube.resource(object).create());
            }
            SimOptions.Builder hosts = SimOptions.builder().port(0);
            List<String> nodes = List.of("master-1", "worker-1", "worker-2");
            for (int i = 0; i < nodes.size(); i++) {
                UUID host = UUID.fromString("3f6c1f6e-2f6b-4a35-9d6e-0c1d2e3f4a0" + (i + 1));
                hosts.host(new SimHost(host, nodes.get(i), true, List.of()));
            }
            try (MidonetSim sim = MidonetSim.start(hosts.build());
                    MidonetClient midonet = new MidonetClient(
                            MidonetClientConfig.of(sim.apiUri()).withCredentials("admin", "e2e", null),
                            new SimpleMeterRegistry());
                    ControllerSet controllers = ControllerSet.start(new ControllerSet.Settings(kube, midonet, rules,
                            "midonetkube", new SimpleMeterRegistry(), ControllerSet.ALL, PusherOptions.defaults(), () -> true))) {
                List<List<MidonetResource>> expected = new ArrayList<>();
                try (TranslationEngine engine = new TranslationEngine(rules, "midonetkube")) {
                    engine.apply(created);
                    expected.addAll(engine.translations().values());
                }
                await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                    assertThat(kube.resources(Translation.class).inAnyNamespace().list().getItems()).hasSize(expected.size());
                    MidonetAssertions.assertHolds(sim, midonet, expected);
                });
            }
        }
    }
}

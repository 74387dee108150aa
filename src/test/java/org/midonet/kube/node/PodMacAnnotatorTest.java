package org.midonet.kube.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midonet.kube.common.Annotations;

@EnableKubernetesMockClient(https = false, crud = true)
class PodMacAnnotatorTest {
    private static final PodMac WEB = new PodMac("default", "web-1", "0a:58:0a:01:02:03", "c0ffee");

    KubernetesClient client;

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };
    private PodMacAnnotator annotator;

    @AfterEach
    void stop() {
        if (annotator != null) {
            annotator.close();
        }
    }

    private PodMacAnnotator start() throws IOException {
        if (annotator != null) {
            annotator.close();
        }
        annotator = new PodMacAnnotator(client, "worker-1", dir, Duration.ofMillis(20), Duration.ofMillis(100), clock).start();
        return annotator;
    }

    private void createPod() {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("web-1")
                .withNamespace("default").endMetadata().withNewSpec().withNodeName("worker-1").endSpec().build()).create();
    }

    private String annotation() {
        var annotations = client.pods().inNamespace("default").withName("web-1").get().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(Annotations.MAC_ADDRESS);
    }

    @Test
    void writesTheReportedMacAndForgetsTheReport() throws IOException {
        createPod();
        start().accept(WEB);

        await().atMost(Duration.ofSeconds(10)).until(() -> WEB.mac().equals(annotation()));
        await().atMost(Duration.ofSeconds(5)).until(() -> annotator.pending() == 0);
        assertThat(dir.resolve("default_web-1.json")).doesNotExist();
    }

    @Test
    void aReportTheAgentCouldNotWriteBeforeItStoppedIsWrittenByTheNextOne() throws IOException {
        start().accept(WEB);
        assertThat(dir.resolve("default_web-1.json")).exists();
        annotator.close();

        createPod();
        start();

        await().atMost(Duration.ofSeconds(10)).until(() -> WEB.mac().equals(annotation()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !dir.resolve("default_web-1.json").toFile().exists());
    }

    @Test
    void dropsTheReportOfAPodThatNeverAppears() throws Exception {
        start().accept(WEB);
        Thread.sleep(200);
        assertThat(annotator.pending()).isEqualTo(1);

        now.set(now.get().plus(PodMacAnnotator.GIVE_UP));

        await().atMost(Duration.ofSeconds(10)).until(() -> annotator.pending() == 0);
        assertThat(dir.resolve("default_web-1.json")).doesNotExist();
    }
}

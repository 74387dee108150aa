package org.midonet.kube.controller.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationStatus;
import org.midonet.kube.midonet.model.Chain;

@EnableKubernetesMockClient
class StatusWriterTest {
    private static final String PATH = "/apis/midonet.org/v1/namespaces/default/translations/service.4.web/status";

    KubernetesClient client;
    KubernetesMockServer server;

    @Test
    void aNewStatusGoesAsOneJsonPatchWithoutReadingTheTranslation() throws Exception {
        server.expect().patch().withPath(PATH).andReturn(200, "{\"kind\":\"Translation\"}").once();
        TranslationStatus status = PusherStatus.pushed(null, "abc", List.of(new Chain(UUID.fromString(
                "00000000-0000-0000-0000-0000000000d1"), "KUBE-SVC", "t")), 3L, "pushed to MidoNet");

        assertThat(new StatusWriter(client).replace(web(), status)).isTrue();

        assertThat(server.getRequestCount()).as("no GET first").isEqualTo(1);
        RecordedRequest patch = server.takeRequest();
        assertThat(patch.getMethod()).isEqualTo("PATCH");
        assertThat(patch.getHeader("Content-Type")).startsWith("application/json-patch+json");
        assertThat(patch.getBody().readUtf8())
                .startsWith("[{\"op\":\"add\",\"path\":\"/status\",\"value\":{\"appliedHash\":\"abc\"")
                .contains("\"appliedObjects\":[\"Chain/00000000-0000-0000-0000-0000000000d1\"]")
                .doesNotContain("appliedResources");
    }

    @Test
    void aRefusedWriteIsReportedAsFailedAndAGoneTranslationIsNot() {
        server.expect().patch().withPath(PATH).andReturn(403, "{\"message\":\"forbidden\"}").once();
        server.expect().patch().withPath(PATH).andReturn(404, "{\"message\":\"not found\"}").once();
        StatusWriter writer = new StatusWriter(client);

        assertThat(writer.replace(web(), new TranslationStatus())).as("403").isFalse();
        assertThat(writer.replace(web(), new TranslationStatus())).as("404: nothing left to record").isTrue();
    }

    private static Translation web() {
        Translation tr = new Translation();
        tr.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName("service.4.web").build());
        return tr;
    }
}

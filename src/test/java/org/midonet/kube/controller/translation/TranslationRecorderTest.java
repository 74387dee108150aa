package org.midonet.kube.controller.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.controller.translation.TranslationRecorder.Outcome.ABSENT;
import static org.midonet.kube.controller.translation.TranslationRecorder.Outcome.AWAITING_DELETION;
import static org.midonet.kube.controller.translation.TranslationRecorder.Outcome.CREATED;
import static org.midonet.kube.controller.translation.TranslationRecorder.Outcome.DELETED;
import static org.midonet.kube.controller.translation.TranslationRecorder.Outcome.UNCHANGED;
import static org.midonet.kube.controller.translation.TranslationRecorder.Outcome.UPDATED;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midonet.kube.k8s.BackendResource;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationStatus;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.translate.Owner;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/** Writing Translations to the fabric8 mock server in CRUD mode: no write without a difference, 409s, finalizers. */
@EnableKubernetesMockClient(crud = true)
class TranslationRecorderTest {
    private static SortedMap<TranslationId, List<MidonetResource>> samples;

    KubernetesClient client;

    private TranslationRecorder recorder;
    private TranslationId id;
    private List<MidonetResource> content;
    private List<MidonetResource> otherContent;

    @BeforeAll
    static void translateSamples() {
        try (TranslationEngine engine = new TranslationEngine(TranslationFixture.rules(), TranslationFixture.TENANT)) {
            engine.apply(TranslationFixture.samples());
            samples = engine.translations();
        }
    }

    @BeforeEach
    void setUp() {
        TranslationFixture.createCrd(client);
        recorder = new TranslationRecorder(client);
        id = samples.keySet().stream().filter(t -> t.owner() != null && t.owner().kind().equals("Service")).findFirst()
                .orElseThrow();
        content = samples.get(id);
        otherContent = samples.values().stream().filter(c -> !c.equals(content)).findFirst().orElseThrow();
    }

    @Test
    void createsWithOwnerLabelReferenceAndFinalizerThenDoesNotWriteWhatIsUnchanged() {
        assertThat(recorder.record(id, content)).isEqualTo(CREATED);
        Translation created = read();
        assertThat(created.getResources()).isEqualTo(resources(content));
        assertThat(created.getMetadata().getLabels()).containsEntry(Translation.OWNER_UID_LABEL, id.owner().uid());
        assertThat(created.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getUid()).isEqualTo(id.owner().uid()));
        assertThat(created.getMetadata().getFinalizers()).containsExactly(Translation.FINALIZER);

        assertThat(recorder.record(id, content)).isEqualTo(UNCHANGED);
        assertThat(recorder.record(id, content, created)).isEqualTo(UNCHANGED);
        assertThat(read().getMetadata().getResourceVersion()).isEqualTo(created.getMetadata().getResourceVersion());
    }

    @Test
    void updatesResourcesAndOwnerButKeepsTheStatusAndOtherComponentsLabels() {
        recorder.record(id, content);
        Translation withStatus = read();
        withStatus.setStatus(new TranslationStatus());
        withStatus.getStatus().setAppliedHash("pushed-hash");
        client.resources(Translation.class).inNamespace(id.namespace()).resource(withStatus).updateStatus();
        client.resources(Translation.class).inNamespace(id.namespace()).withName(id.name())
                .edit(t -> { t.getMetadata().getLabels().put("team", "network"); return t; });

        assertThat(recorder.record(id, otherContent)).isEqualTo(UPDATED);
        Translation updated = read();
        assertThat(updated.getResources()).isEqualTo(resources(otherContent));
        assertThat(updated.getStatus().getAppliedHash()).isEqualTo("pushed-hash");
        assertThat(updated.getMetadata().getLabels()).containsEntry("team", "network");

        Owner recreated = new Owner("v1", "Service", id.owner().namespace(), id.owner().name(), "another-uid");
        assertThat(recorder.record(new TranslationId(id.namespace(), id.name(), recreated), otherContent)).isEqualTo(UPDATED);
        Translation reowned = read();
        assertThat(reowned.getMetadata().getLabels()).containsEntry(Translation.OWNER_UID_LABEL, "another-uid");
        assertThat(reowned.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(r -> assertThat(r.getUid()).isEqualTo("another-uid"));
        assertThat(reowned.getStatus().getAppliedHash()).isEqualTo("pushed-hash");
    }

    @Test
    void aStaleResourceVersionIsReadAgainAndTheWriteRetried() {
        recorder.record(id, content);
        Translation stale = read();
        client.resources(Translation.class).inNamespace(id.namespace()).withName(id.name())
                .edit(t -> { t.getMetadata().getLabels().put("team", "network"); return t; });

        assertThat(recorder.record(id, otherContent, stale)).isEqualTo(UPDATED);
        Translation updated = read();
        assertThat(updated.getResources()).isEqualTo(resources(otherContent));
        assertThat(updated.getMetadata().getLabels()).containsEntry("team", "network");
    }

    @Test
    void aTranslationBelievedAbsentButThereIsUpdated() {
        recorder.record(id, content);
        assertThat(recorder.record(id, otherContent, null)).isEqualTo(UPDATED);
        assertThat(read().getResources()).isEqualTo(resources(otherContent));
    }

    @Test
    void deletionLeavesTheTranslationToItsFinalizerAndNewContentWaitsForIt() {
        assertThat(recorder.record(id, List.of())).isEqualTo(ABSENT);
        recorder.record(id, content);

        assertThat(recorder.record(id, List.of())).isEqualTo(DELETED);
        Translation deleting = read();
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(recorder.record(id, List.of())).isEqualTo(AWAITING_DELETION);
        assertThat(recorder.record(id, otherContent)).isEqualTo(AWAITING_DELETION);
        assertThat(read().getMetadata().getResourceVersion()).isEqualTo(deleting.getMetadata().getResourceVersion());

        client.resources(Translation.class).inNamespace(id.namespace()).withName(id.name())
                .edit(t -> { t.getMetadata().getFinalizers().clear(); return t; }); // what the pusher does
        assertThat(read()).isNull();
        assertThat(recorder.record(id, otherContent)).isEqualTo(CREATED);
    }

    @Test
    void listsOnlyTheTranslationsItManages() {
        TranslationId global = samples.keySet().stream().filter(TranslationId::global).findFirst().orElseThrow();
        recorder.record(id, content);
        recorder.record(global, samples.get(global));
        Translation foreign = new Translation();
        foreign.setMetadata(new ObjectMetaBuilder().withNamespace("default").withName("hand-made").build());
        client.resources(Translation.class).inNamespace("default").resource(foreign).create();

        assertThat(recorder.listManaged()).extracting(TranslationFixture::key)
                .containsExactlyInAnyOrder(id.toString(), global.toString());
        assertThat(TranslationFixture.all(client)).hasSize(3);
    }

    private Translation read() {
        return client.resources(Translation.class).inNamespace(id.namespace()).withName(id.name()).get();
    }

    private static List<BackendResource> resources(List<MidonetResource> content) {
        return content.stream().map(BackendResource::of).toList();
    }
}

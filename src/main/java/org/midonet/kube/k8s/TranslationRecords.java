package org.midonet.kube.k8s;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.translate.Explanation;
import org.midonet.kube.translate.Owner;
import org.midonet.kube.translate.TranslationId;

/** Builds Translation custom resources from the translation's output. */
public final class TranslationRecords {
    private TranslationRecords() {
    }

    /** Annotates a Translation with why it holds what it holds, one rule per line. */
    public static Translation explained(Translation translation, List<Explanation> explanations) {
        translation.getMetadata().setAnnotations(new TreeMap<>(Map.of(Translation.EXPLANATION_ANNOTATION,
                String.join("\n", explanations.stream().map(Explanation::toString).toList()))));
        return translation;
    }

    public static Translation of(TranslationId id, List<MidonetResource> content) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(id.name()).withNamespace(id.namespace())
                .withFinalizers(Translation.FINALIZER);
        Owner owner = id.owner();
        if (owner == null) {
            meta.addToLabels(Translation.GLOBAL_LABEL, "");
        } else if (owner.uid() != null && !owner.uid().isEmpty()) {
            meta.addToLabels(Translation.OWNER_UID_LABEL, owner.uid());
            meta.withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.apiVersion())
                    .withKind(owner.kind()).withName(owner.name()).withUid(owner.uid()).build());
        }
        Translation translation = new Translation();
        translation.setMetadata(meta.build());
        translation.setResources(content.stream().map(BackendResource::of).toList());
        return translation;
    }
}

package org.midonet.kube.controller.translation;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.midonet.kube.controller.ops.ListPages;
import org.midonet.kube.k8s.BackendResource;
import org.midonet.kube.k8s.ContentHash;
import org.midonet.kube.k8s.DerivedTranslations;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationParts;
import org.midonet.kube.k8s.TranslationRecords;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.translate.TranslationId;

/**
 * Writes Translation custom resources: creates them, updates them only when their resources, owner labels,
 * owner references or finalizer differ from what is wanted, and deletes them (Kubernetes then only marks them
 * with a deletionTimestamp until the pusher removes the finalizer {@value Translation#FINALIZER}).
 *
 * <p>Writes are create, update (optimistic: a stale resourceVersion gives 409, and the Translation is read
 * again and the write retried) and delete; never merge patch or server-side apply. The status subresource
 * belongs to the pusher and is never written here. Labels and finalizers of other components are kept.
 */
public final class TranslationRecorder {
    /** What a call did; only CREATED, UPDATED and DELETED wrote to Kubernetes. */
    public enum Outcome {
        CREATED, UPDATED, DELETED, UNCHANGED, ABSENT,
        /** The Translation is being deleted (its finalizer is still there): nothing can be written to it now. */
        AWAITING_DELETION;

        public boolean wrote() {
            return this == CREATED || this == UPDATED || this == DELETED;
        }
    }

    private static final int MAX_ATTEMPTS = 5;
    private static final List<String> OWN_LABELS =
            List.of(Translation.OWNER_UID_LABEL, Translation.GLOBAL_LABEL, TranslationParts.PART_LABEL);
    private static final List<String> OWN_ANNOTATIONS = List.of(TranslationParts.PARTS_ANNOTATION,
            TranslationParts.CONTENT_HASH_ANNOTATION, TranslationParts.PART_OF_ANNOTATION);

    private final MixedOperation<Translation, KubernetesResourceList<Translation>, Resource<Translation>> translations;
    private final DerivedTranslations derived;

    public TranslationRecorder(KubernetesClient client) {
        this(client, DerivedTranslations.checked());
    }

    /** A recorder that tells {@code derived} what it writes, before writing it. */
    public TranslationRecorder(KubernetesClient client, DerivedTranslations derived) {
        this.translations = client.resources(Translation.class);
        this.derived = derived;
    }

    /** Makes Kubernetes hold a Translation's content: created or updated when not empty, deleted when empty. */
    public Outcome record(TranslationId id, List<MidonetResource> content) {
        return record(id, content, read(id.namespace(), id.name()));
    }

    /**
     * As {@link #record(TranslationId, List)}, starting from what the caller believes is there (null: absent),
     * e.g. from a list made at start-up; a wrong belief costs a conflict and a read, not a wrong write.
     */
    public Outcome record(TranslationId id, List<MidonetResource> content, Translation believed) {
        return record(id, content, believed, null);
    }

    /** As above, stamping a written Translation with when the change that caused it arrived (null: not stamped). */
    public Outcome record(TranslationId id, List<MidonetResource> content, Translation believed, Instant changedAt) {
        String key = id.namespace() + "/" + id.name();
        if (content.isEmpty()) {
            derived.removed(key);
            return delete(id.namespace(), id.name(), believed);
        }
        Translation desired = TranslationRecords.of(id, content);
        if (changedAt != null) {
            desired.getMetadata().setAnnotations(new TreeMap<>(Map.of(Translation.CHANGED_AT_ANNOTATION, changedAt.toString())));
        }
        String hash = ContentHash.of(desired.getResources());
        derived.writing(key, hash); // before the write: the pusher sees it right after
        Outcome outcome = writeStored(TranslationParts.split(desired), believed);
        if (outcome != Outcome.AWAITING_DELETION) {
            derived.written(key, hash);
        }
        return outcome;
    }

    /** A Translation kept as it is, not written (its owner is malformed now): its content stays derived. */
    public void kept(Translation translation) {
        String key = translation.getMetadata().getNamespace() + "/" + translation.getMetadata().getName();
        String wholeHash = annotation(translation, TranslationParts.CONTENT_HASH_ANNOTATION);
        if (TranslationParts.declaredParts(translation) > 0 && wholeHash != null) {
            derived.written(key, wholeHash);
        } else {
            derived.written(key, resources(translation));
        }
    }

    /** Creates the desired Translation, or brings the existing one to it; no write when they agree. */
    public Outcome write(Translation desired, Translation believed) {
        return writeOne(desired, believed).outcome();
    }

    /** What a write of one object did, the object as Kubernetes now holds it, and as it held it before. */
    private record Written(Outcome outcome, Translation now, Translation before) {
    }

    /**
     * Writes a Translation stored in one object or in parts ({@link TranslationParts}): the head first, so that a
     * reader sees it incomplete until every part carries its content, then the parts, owned by the head (the
     * garbage collector removes them with it); parts the content no longer needs are deleted last.
     */
    private Outcome writeStored(List<Translation> stored, Translation believed) {
        Written head = writeOne(stored.get(0), believed);
        if (head.outcome() == Outcome.AWAITING_DELETION) {
            return head.outcome();
        }
        boolean wrote = head.outcome().wrote();
        ObjectMeta headMeta = head.now().getMetadata();
        OwnerReference byHead = new OwnerReferenceBuilder().withApiVersion(head.now().getApiVersion())
                .withKind(head.now().getKind()).withName(headMeta.getName()).withUid(headMeta.getUid()).build();
        for (Translation part : stored.subList(1, stored.size())) {
            part.getMetadata().setOwnerReferences(List.of(byHead));
            String name = part.getMetadata().getName();
            wrote |= writeOne(part, read(headMeta.getNamespace(), name)).outcome().wrote();
        }
        int before = head.before() == null ? 0 : TranslationParts.declaredParts(head.before());
        for (int i = stored.size(); i <= before; i++) {
            wrote |= !translations.inNamespace(headMeta.getNamespace()).withName(TranslationParts.partName(headMeta.getName(), i))
                    .delete().isEmpty();
        }
        return head.outcome() == Outcome.UNCHANGED && wrote ? Outcome.UPDATED : head.outcome();
    }

    private Written writeOne(Translation desired, Translation believed) {
        String namespace = desired.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        Translation current = believed;
        for (int attempt = 1;; attempt++) {
            try {
                return current == null ? new Written(Outcome.CREATED, create(desired), null) : updateIfDifferent(current,
                        desired);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                current = read(namespace, name); // stale resourceVersion, or created meanwhile
            }
        }
    }

    /** Deletes a Translation unless it is absent (believed null) or being deleted already. */
    public Outcome delete(String namespace, String name, Translation believed) {
        if (believed == null) {
            return Outcome.ABSENT;
        }
        if (deleting(believed)) {
            return Outcome.AWAITING_DELETION;
        }
        boolean deleted = !translations.inNamespace(namespace).withName(name).delete().isEmpty();
        return deleted ? Outcome.DELETED : Outcome.ABSENT;
    }

    public Outcome delete(String namespace, String name) {
        return delete(namespace, name, read(namespace, name));
    }

    /**
     * Every Translation this controller manages (labelled with an owner uid or as global), in all namespaces. Parts
     * ({@link TranslationParts}) are not Translations: they are left out, and those whose head is gone are deleted
     * on the way (the garbage collector does it where it runs).
     */
    public List<Translation> listManaged() {
        List<Translation> all = ListPages.all(options -> translations.inAnyNamespace().list(options));
        Set<String> names = new HashSet<>();
        all.forEach(t -> names.add(t.getMetadata().getNamespace() + "/" + t.getMetadata().getName()));
        List<Translation> managed = new ArrayList<>();
        for (Translation t : all) {
            Map<String, String> labels = t.getMetadata().getLabels();
            if (TranslationParts.isPart(t)) {
                if (!names.contains(t.getMetadata().getNamespace() + "/" + TranslationParts.headName(t))) {
                    translations.inNamespace(t.getMetadata().getNamespace()).withName(t.getMetadata().getName()).delete();
                }
            } else if (labels != null && OWN_LABELS.stream().anyMatch(labels::containsKey)) {
                managed.add(t);
            }
        }
        return managed;
    }

    public Translation read(String namespace, String name) {
        return translations.inNamespace(namespace).withName(name).get();
    }

    public static boolean deleting(Translation translation) {
        return translation.getMetadata().getDeletionTimestamp() != null;
    }

    private Translation create(Translation desired) {
        return translations.inNamespace(desired.getMetadata().getNamespace()).resource(desired).create();
    }

    private Written updateIfDifferent(Translation current, Translation desired) {
        if (deleting(current)) {
            return new Written(Outcome.AWAITING_DELETION, current, current);
        }
        ObjectMeta meta = current.getMetadata();
        Map<String, String> labels = mergedLabels(meta.getLabels(), desired.getMetadata().getLabels());
        List<String> finalizers = finalizers(meta.getFinalizers(), desired.getMetadata().getFinalizers());
        List<OwnerReference> owners = desired.getMetadata().getOwnerReferences();
        Map<String, String> annotations = mergedAnnotations(meta.getAnnotations(), desired.getMetadata().getAnnotations());
        if (Objects.equals(resources(current), desired.getResources()) && labels.equals(orEmpty(meta.getLabels()))
                && sameOwners(meta.getOwnerReferences(), owners) && finalizers.equals(orEmpty(meta.getFinalizers()))
                && sameOwnAnnotations(meta.getAnnotations(), annotations)) {
            return new Written(Outcome.UNCHANGED, current, current);
        }
        Translation before = new Translation();
        before.setMetadata(new ObjectMetaBuilder(meta).build());
        meta.setLabels(labels);
        meta.setFinalizers(finalizers);
        meta.setOwnerReferences(owners);
        meta.setAnnotations(annotations);
        current.setResources(desired.getResources());
        // update() sends the resourceVersion read: a concurrent change gives 409; the status is not written
        Translation now = translations.inNamespace(meta.getNamespace()).resource(current).update();
        return new Written(Outcome.UPDATED, now, before);
    }

    /**
     * Other components' annotations stay; those this controller sets (the change time, how the Translation is
     * stored in parts) are the desired ones, a change time being kept when none is desired.
     */
    private static Map<String, String> mergedAnnotations(Map<String, String> current, Map<String, String> desired) {
        Map<String, String> merged = new TreeMap<>(orEmpty(current));
        OWN_ANNOTATIONS.forEach(merged::remove);
        merged.putAll(orEmpty(desired));
        return merged;
    }

    private static boolean sameOwnAnnotations(Map<String, String> current, Map<String, String> merged) {
        return OWN_ANNOTATIONS.stream().allMatch(k -> Objects.equals(orEmpty(current).get(k), merged.get(k)));
    }

    /** Other components' labels stay; this controller's labels are exactly the desired ones. */
    private static Map<String, String> mergedLabels(Map<String, String> current, Map<String, String> desired) {
        Map<String, String> merged = new TreeMap<>(orEmpty(current));
        OWN_LABELS.forEach(merged::remove);
        merged.putAll(orEmpty(desired));
        return merged;
    }

    /** Other components' finalizers stay; this controller's is there exactly when the desired object has it. */
    private static List<String> finalizers(List<String> current, List<String> desired) {
        List<String> finalizers = new ArrayList<>(current == null ? List.of() : current);
        boolean wanted = desired != null && desired.contains(Translation.FINALIZER);
        if (wanted && !finalizers.contains(Translation.FINALIZER)) {
            finalizers.add(Translation.FINALIZER);
        } else if (!wanted) {
            finalizers.remove(Translation.FINALIZER);
        }
        return finalizers;
    }

    /** Owner references compared by what identifies the owner, not by optional flags a server may add. */
    private static boolean sameOwners(List<OwnerReference> a, List<OwnerReference> b) {
        return ownerKeys(a).equals(ownerKeys(b));
    }

    private static List<String> ownerKeys(List<OwnerReference> refs) {
        return refs == null ? List.of() : refs.stream()
                .map(r -> r.getApiVersion() + "/" + r.getKind() + "/" + r.getName() + "/" + r.getUid()).toList();
    }

    private static List<BackendResource> resources(Translation t) {
        return t.getResources() == null ? List.of() : t.getResources();
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }

    private static String annotation(Translation t, String key) {
        return orEmpty(t.getMetadata().getAnnotations()).get(key);
    }
}

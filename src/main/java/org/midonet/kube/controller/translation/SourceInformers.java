package org.midonet.kube.controller.translation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.midonet.kube.controller.ops.ListPages;
import org.midonet.kube.facts.ObjectRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informers of the Kubernetes objects the translation reads: Nodes, Pods, Services, and EndpointSlices or
 * v1 Endpoints. Every event becomes a pending change; nothing else happens on the informers' threads. An
 * informer whose list or watch fails keeps retrying (with fabric8's backoff) and logs why.
 */
final class SourceInformers {
    private static final Logger LOG = LoggerFactory.getLogger(SourceInformers.class);

    private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();

    SourceInformers(KubernetesClient client, boolean endpointSlices, PendingObjects changes) {
        add(paged(client.nodes()), changes);
        add(paged(client.pods().inAnyNamespace()), changes);
        add(paged(client.services().inAnyNamespace()), changes);
        if (endpointSlices) {
            add(paged(client.discovery().v1().endpointSlices().inAnyNamespace()), changes);
        } else {
            add(paged(client.endpoints().inAnyNamespace()), changes);
        }
    }

    /** An informer that lists in pages ({@link ListPages}). */
    private static <T> SharedIndexInformer<T> paged(Informable<T> objects) {
        return objects.withLimit(ListPages.PAGE_SIZE).runnableInformer(0);
    }

    private <T extends HasMetadata> void add(SharedIndexInformer<T> informer, PendingObjects changes) {
        String kind = informer.getApiTypeClass().getSimpleName();
        informer.exceptionHandler((started, error) -> {
            LOG.warn("watching {}s failed, retrying: {}", kind, error.toString());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                changes.upsert(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                if (!Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                    changes.upsert(after);
                }
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                changes.delete(object);
            }
        });
        informers.add(informer);
    }

    /** Starts listing and watching; returns at once (see {@link #hasSynced()}). */
    void start() {
        informers.forEach(SharedIndexInformer::start);
    }

    /** Whether every informer has listed its objects (and so has made them pending changes). */
    boolean hasSynced() {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /**
     * Everything the informers hold. After {@link #hasSynced()} this is the complete listing, whereas the events
     * of the listing may still be on their way to the handlers (fabric8 delivers them asynchronously).
     */
    List<HasMetadata> objects() {
        List<HasMetadata> all = new ArrayList<>();
        informers.forEach(i -> all.addAll(i.getStore().list()));
        return all;
    }

    /** The object the informers hold under this reference, or null. */
    HasMetadata find(ObjectRef ref) {
        for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
            if (informer.getApiTypeClass().getSimpleName().equals(ref.kind())) {
                return informer.getStore().getByKey(ref.key());
            }
        }
        return null;
    }

    void stop() {
        informers.forEach(SharedIndexInformer::stop);
    }

    List<String> kinds() {
        return informers.stream().map(i -> i.getApiTypeClass().getSimpleName()).toList();
    }
}

package org.midonet.kube.controller.pusher;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.midonet.kube.k8s.BackendResource;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.MidonetRef;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.ResourceKind;
import org.midonet.kube.translate.PushOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the pusher reads a Translation: its entries, finalizers, deletion, order and change time. */
final class PusherTranslations {
    private static final Logger LOG = LoggerFactory.getLogger(PusherTranslations.class);

    private PusherTranslations() {
    }

    /**
     * When the Kubernetes change behind this version reached the translation controller, as a System.nanoTime
     * value (the Translation's changed-at annotation), or {@code otherwise} when it is not stamped.
     */
    static long changedAt(Translation tr, long otherwise) {
        Map<String, String> annotations = tr.getMetadata().getAnnotations();
        String stamp = annotations == null ? null : annotations.get(Translation.CHANGED_AT_ANNOTATION);
        if (stamp == null) {
            return otherwise;
        }
        try {
            long now = System.nanoTime();
            long ago = Duration.between(Instant.parse(stamp), Instant.now()).toNanos();
            return ago < 0 ? now : now - ago;
        } catch (DateTimeParseException e) {
            return otherwise;
        }
    }

    /** Every entry decoded; IllegalArgumentException names the first malformed one. */
    static List<MidonetResource> decodeStrictly(List<BackendResource> resources) {
        List<MidonetResource> out = new ArrayList<>();
        for (int i = 0; i < resources.size(); i++) {
            BackendResource r = resources.get(i);
            try {
                out.add(r.toResource());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("resources[" + i + "] (" + r.getKind() + "): " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** The entries that decode; the others are logged and skipped. */
    static List<MidonetResource> decodeLeniently(List<BackendResource> resources) {
        List<MidonetResource> out = new ArrayList<>();
        for (BackendResource r : resources) {
            try {
                out.add(r.toResource());
            } catch (RuntimeException e) {
                LOG.debug("skipping a malformed entry {}: {}", r, e.getMessage());
            }
        }
        return out;
    }

    /** The objects a status names (appliedObjects); a name that does not parse is logged and skipped. */
    static List<MidonetRef> named(List<String> names) {
        List<MidonetRef> out = new ArrayList<>();
        for (String name : names == null ? List.<String>of() : names) {
            try {
                out.add(MidonetRef.parse(name));
            } catch (IllegalArgumentException e) {
                LOG.warn("appliedObjects has an entry that is not an object reference: {}", e.getMessage());
            }
        }
        return out;
    }

    static List<BackendResource> union(List<BackendResource> a, List<BackendResource> b) {
        Set<BackendResource> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** Where the Translation goes in the queue ({@link PushOrder#rank}). */
    static int rank(Translation tr) {
        boolean global = tr.getMetadata().getLabels() != null
                && tr.getMetadata().getLabels().containsKey(Translation.GLOBAL_LABEL);
        List<ResourceKind> kinds = new ArrayList<>();
        for (BackendResource r : resources(tr)) {
            try {
                kinds.add(ResourceKind.fromTranslationName(r.getKind()));
            } catch (RuntimeException e) {
                // a malformed entry: its Translation fails anyway
            }
        }
        return PushOrder.rank(global, kinds);
    }

    /** The ids of the chains a Translation holds. */
    static Set<UUID> chains(Translation tr) {
        Set<UUID> chains = new HashSet<>();
        decodeLeniently(resources(tr)).forEach(r -> {
            if (r instanceof Chain chain) {
                chains.add(chain.id());
            }
        });
        return Set.copyOf(chains);
    }

    static List<BackendResource> resources(Translation tr) {
        return tr.getResources() == null ? List.of() : tr.getResources();
    }

    static List<String> finalizers(Translation tr) {
        return tr.getMetadata().getFinalizers() == null ? List.of() : tr.getMetadata().getFinalizers();
    }

    static boolean deleting(Translation tr) {
        return tr.getMetadata().getDeletionTimestamp() != null;
    }
}

package org.midonet.kube.controller.translation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.midonet.kube.common.LogContext;
import org.midonet.kube.k8s.Translation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which Translations found at start-up that the translation does not derive are removed. Kubernetes
 * garbage collection is not relied upon: the controller removes them itself.
 * <ul>
 * <li>an orphan, whose owner (label {@value Translation#OWNER_UID_LABEL}) is no live Node, Pod or Service: removed;
 * <li>a global Translation the rules no longer derive: removed;
 * <li>one whose owner lives but derives other Translations now (e.g. a Service port changed while the controller
 *     was down): removed;
 * <li>one whose owner lives but is malformed now: kept, as a bad edit must not tear down a working network
 *     (the engine does the same while it runs); removed once the owner is deleted, or translates again.
 * </ul>
 * Used by the translation thread only.
 */
final class StaleTranslationSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(StaleTranslationSweeper.class);

    /** Translations kept for owners that did not translate at start-up, by owner uid. */
    private final Map<String, List<Translation>> keptForMalformedOwners = new HashMap<>();

    /**
     * The Translations to remove among those existing at start that are not derived.
     *
     * @param liveOwners uids of the live Nodes, Pods and Services
     * @param malformedOwners uids of live owners with errors (not translated)
     */
    List<Translation> atStart(Collection<Translation> notDerived, Set<String> liveOwners, Set<String> malformedOwners) {
        keptForMalformedOwners.clear();
        List<Translation> remove = new ArrayList<>();
        for (Translation t : notDerived) {
            String owner = ownerUid(t);
            String reason;
            if (owner == null) {
                reason = "the rules no longer derive this global Translation";
            } else if (!liveOwners.contains(owner)) {
                reason = "its owner (uid " + owner + ") no longer exists";
            } else if (malformedOwners.contains(owner)) {
                keptForMalformedOwners.computeIfAbsent(owner, k -> new ArrayList<>()).add(t);
                log(t, "kept: its owner is malformed now, so its last valid translation stays until it is fixed or deleted");
                continue;
            } else {
                reason = "its owner no longer derives it";
            }
            log(t, "removing the Translation: " + reason);
            remove.add(t);
        }
        return remove;
    }

    /** The kept Translations of an owner just deleted: to remove. */
    List<Translation> ownerDeleted(String uid) {
        List<Translation> kept = keptForMalformedOwners.remove(uid);
        return kept == null ? List.of() : kept;
    }

    /** The kept Translations of an owner that translates again, other than those it derives now: to remove. */
    List<Translation> ownerTranslated(String uid, Set<String> derivedKeys) {
        List<Translation> kept = keptForMalformedOwners.remove(uid);
        return kept == null ? List.of() : kept.stream().filter(t -> !derivedKeys.contains(key(t))).toList();
    }

    boolean keepsAny() {
        return !keptForMalformedOwners.isEmpty();
    }

    void clear() {
        keptForMalformedOwners.clear();
    }

    static String key(Translation t) {
        return t.getMetadata().getNamespace() + "/" + t.getMetadata().getName();
    }

    private static String ownerUid(Translation t) {
        Map<String, String> labels = t.getMetadata().getLabels();
        return labels == null ? null : labels.get(Translation.OWNER_UID_LABEL);
    }

    private static void log(Translation t, String message) {
        LogContext.with(t.getMetadata().getNamespace(), t.getMetadata().getName(), () -> LOG.info("{}", message));
    }
}

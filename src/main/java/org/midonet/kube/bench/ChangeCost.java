package org.midonet.kube.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.midonet.kube.apply.ApplyPlan;
import org.midonet.kube.apply.Identity;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.translate.ChangeSet;

/**
 * What a change of the desired state costs, computed from the translation alone (pure):
 * <ul>
 *   <li>{@code minimumWrites}: the fewest MidoNet writes that take MidoNet from the old desired state to the
 *       new one, whatever the Translations: the plan ({@link ApplyPlan}) between the union of the old contents
 *       and the union of the new contents of the Translations changed, as if one Translation held them all (an
 *       object created, updated, replaced or deleted counts once; replaced immutable objects twice; objects
 *       MidoNet deletes with their parent not at all);</li>
 *   <li>{@code rePushCalls}: the MidoNet calls of the original's pusher, which POSTs every resource of a
 *       Translation created or updated and DELETEs every resource of a Translation deleted;</li>
 *   <li>{@code translationWrites}: Kubernetes writes of Translations: one per Translation created or updated,
 *       two per Translation deleted (the delete, then the finalizer's removal by the pusher).</li>
 * </ul>
 */
record ChangeCost(long translationsChanged, long translationWrites, long minimumWrites, long rePushCalls) {
    static final ChangeCost NONE = new ChangeCost(0, 0, 0, 0);

    ChangeCost plus(ChangeCost o) {
        return new ChangeCost(translationsChanged + o.translationsChanged, translationWrites + o.translationWrites,
                minimumWrites + o.minimumWrites, rePushCalls + o.rePushCalls);
    }

    static ChangeCost of(ChangeSet changes) {
        List<MidonetResource> before = new ArrayList<>();
        List<MidonetResource> after = new ArrayList<>();
        long translationWrites = 0;
        long rePush = 0;
        for (ChangeSet.Change c : changes.changes()) {
            Set<MidonetResource> old = new LinkedHashSet<>(c.content());
            c.added().forEach(old::remove);
            old.addAll(c.removed());
            before.addAll(old);
            after.addAll(c.content());
            translationWrites += c.deleted() ? 2 : 1;
            rePush += c.deleted() ? old.size() : c.content().size();
        }
        return new ChangeCost(changes.changes().size(), translationWrites, minimumWrites(before, after), rePush);
    }

    /** The cost of creating every Translation from nothing (a cold start on an empty MidoNet). */
    static ChangeCost cold(Map<?, List<MidonetResource>> translations) {
        List<MidonetResource> all = new ArrayList<>();
        long rePush = 0;
        for (List<MidonetResource> content : translations.values()) {
            all.addAll(content);
            rePush += content.size();
        }
        return new ChangeCost(translations.size(), translations.size(), minimumWrites(List.of(), all), rePush);
    }

    /** The writes of the plan between two desired states, each as one set of objects (later duplicates ignored). */
    static long minimumWrites(Collection<MidonetResource> before, Collection<MidonetResource> after) {
        return ApplyPlan.between(distinct(before), distinct(after), identity -> false).writes();
    }

    private static List<MidonetResource> distinct(Collection<MidonetResource> resources) {
        Map<Identity, MidonetResource> byIdentity = new LinkedHashMap<>();
        resources.forEach(r -> byIdentity.putIfAbsent(Identity.of(r), r));
        return new ArrayList<>(byIdentity.values());
    }
}

package org.midonet.kube.translate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.ResourceKind;

/**
 * The one order in which MidoNet objects are pushed, so that MidoNet's references are satisfied: between
 * Translations by {@link #rank} (the translation controller writes them in that order, the pusher takes them
 * in that order), and inside one Translation by {@link #RESOURCES} (parents and referents first).
 */
public final class PushOrder {
    /** Resources of one Translation: by kind (parents and referents first), rules of a chain by position, then stable. */
    public static final Comparator<MidonetResource> RESOURCES = Comparator
            .comparing((MidonetResource r) -> r.kind().ordinal())
            .thenComparing(MidonetResource::parent, PushOrder::compareAsText)
            .thenComparingInt(r -> r instanceof ChainRule rule ? rule.position() : 0)
            .thenComparing(MidonetResource::key);

    /** Kinds that only add entries to objects: a route to a router, a rule to a chain, MAC and ARP entries to a bridge. */
    private static final Set<ResourceKind> ENTRIES =
            EnumSet.of(ResourceKind.ROUTE, ResourceKind.RULE, ResourceKind.MAC_PORT, ResourceKind.IPV4_MAC_PAIR);

    private PushOrder() {
    }

    /**
     * Where a Translation goes when Translations are pushed in turn (lowest first), so that what they refer to
     * comes first: global Translations first; then by the deepest kind it holds (a host's tunnel-zone
     * membership before the bindings of its ports), then by the shallowest (a Node's bridge before its Pods'
     * ports on it); one that only adds entries to objects other Translations hold (a Node address's route, a
     * Node's MAC or ARP entry) after every one that holds objects. Ties go in arrival order; a Translation
     * taken before its referents' waits for them.
     */
    public static int rank(boolean global, Collection<ResourceKind> kinds) {
        if (global) {
            return 0;
        }
        if (kinds.isEmpty()) {
            return 1;
        }
        int deepest = kinds.stream().mapToInt(Enum::ordinal).max().orElseThrow();
        int shallowest = kinds.stream().mapToInt(Enum::ordinal).min().orElseThrow();
        int n = ResourceKind.values().length;
        return 1 + (ENTRIES.containsAll(kinds) ? n * n : 0) + deepest * n + shallowest;
    }

    /** The rank of a Translation with this content. */
    public static int rank(TranslationId id, Collection<MidonetResource> content) {
        return rank(id.owner() == null, content.stream().map(MidonetResource::kind).toList());
    }

    /**
     * Changes in the order the pusher should see them, by the rank of what they hold or held: referents are
     * created first, and a deleted Translation holding chains is seen deleted before those adding rules to
     * them, whose rules go with the chains.
     */
    public static List<ChangeSet.Change> changes(Collection<ChangeSet.Change> changes) {
        List<ChangeSet.Change> ordered = new ArrayList<>(changes);
        ordered.sort(Comparator.comparingInt(c -> rank(c.translation(), c.deleted() ? c.removed() : c.content())));
        return ordered;
    }

    /** The order of the UUIDs' canonical texts (null as "" first), without making the texts. */
    static int compareAsText(UUID a, UUID b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        int byMsb = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return byMsb != 0 ? byMsb : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}

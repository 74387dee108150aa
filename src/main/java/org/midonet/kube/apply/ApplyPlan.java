package org.midonet.kube.apply;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.HostInterfacePort;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.PortLink;
import org.midonet.kube.midonet.model.Route;
import org.midonet.kube.translate.PushOrder;

/**
 * The fewest MidoNet writes that take one Translation from what was last applied to what is desired. Pure.
 *
 * <ul>
 *   <li>creates: objects new to the Translation, parents and referents first, rules by position;</li>
 *   <li>updates: updatable objects (routers, bridges, ports, tunnel zones) whose content changed (PUT);</li>
 *   <li>deletes: objects the Translation no longer holds and no other Translation claims, children first,
 *       leaving out those that MidoNet removes anyway with an object deleted in the same plan (the rules of
 *       a deleted chain, the ports of a deleted bridge, the routes and link of a deleted port, ...).</li>
 * </ul>
 * New objects are created before old ones are deleted (make-before-break): a replaced rule has a new id,
 * so the new rule is in place when the old one goes. An immutable object whose content changed but whose
 * identity stays (a tunnel-zone membership with a new address) can only be deleted, then created; so is an
 * object that moves to another parent (a StatefulSet's Pod back on another node: its port, same id, on
 * another bridge), which MidoNet does not let a PUT do.
 */
public record ApplyPlan(List<MidonetResource> replaced, List<MidonetResource> creates, List<MidonetResource> updates,
        List<MidonetResource> deletes) {

    public int writes() {
        return replaced.size() + creates.size() + updates.size() + deletes.size();
    }

    public boolean isEmpty() {
        return writes() == 0;
    }

    public static ApplyPlan between(List<MidonetResource> lastApplied, List<MidonetResource> desired,
            Predicate<Identity> claimedElsewhere) {
        Map<Identity, MidonetResource> before = byIdentity(lastApplied);
        Map<Identity, MidonetResource> after = byIdentity(desired);
        List<MidonetResource> replaced = new ArrayList<>();
        List<MidonetResource> creates = new ArrayList<>();
        List<MidonetResource> updates = new ArrayList<>();
        for (var entry : after.entrySet()) {
            MidonetResource old = before.get(entry.getKey());
            MidonetResource wanted = entry.getValue();
            if (old == null) {
                creates.add(wanted);
            } else if (!old.equals(wanted)) {
                if (wanted.updatable() && Objects.equals(old.parent(), wanted.parent())) {
                    updates.add(wanted);
                } else {
                    replaced.add(old);
                    creates.add(wanted);
                }
            }
        }
        List<MidonetResource> gone = new ArrayList<>();
        for (var entry : before.entrySet()) {
            if (!after.containsKey(entry.getKey()) && !claimedElsewhere.test(entry.getKey())) {
                gone.add(entry.getValue());
            }
        }
        creates.sort(PushOrder.RESOURCES);
        replaced.sort(PushOrder.RESOURCES.reversed());
        return new ApplyPlan(replaced, creates, updates, withoutCascaded(gone));
    }

    private static Map<Identity, MidonetResource> byIdentity(List<MidonetResource> resources) {
        Map<Identity, MidonetResource> map = new LinkedHashMap<>();
        for (MidonetResource r : resources) {
            map.put(Identity.of(r), r);
        }
        return map;
    }

    /** The deletions left once those that MidoNet cascades from another deletion are dropped, children first. */
    static List<MidonetResource> withoutCascaded(List<MidonetResource> gone) {
        Set<UUID> deletedIds = new HashSet<>();
        for (MidonetResource r : gone) {
            if (!(r instanceof PortLink)) {
                try {
                    deletedIds.add(UUID.fromString(r.key()));
                } catch (IllegalArgumentException e) {
                    // objects without an id (memberships, bindings, table entries) are never parents
                }
            }
        }
        List<MidonetResource> out = new ArrayList<>();
        for (MidonetResource r : gone) {
            if (!cascaded(r, deletedIds)) {
                out.add(r);
            }
        }
        out.sort(PushOrder.RESOURCES.reversed());
        return out;
    }

    /** Whether deleting another object of the plan removes this one too. */
    private static boolean cascaded(MidonetResource r, Set<UUID> deleted) {
        if (r.parent() != null && deleted.contains(r.parent())) {
            return true; // a chain's rules, a device's ports and routes, a zone's members, a bridge's tables
        }
        if (r instanceof ChainRule rule) {
            return rule.jumpChainId() != null && deleted.contains(rule.jumpChainId());
        } else if (r instanceof PortLink link) {
            return deleted.contains(link.portId()) || deleted.contains(link.peerId());
        } else if (r instanceof Route route) {
            return deleted.contains(route.nextHopPort());
        } else if (r instanceof HostInterfacePort binding) {
            return deleted.contains(binding.portId());
        }
        return false;
    }
}

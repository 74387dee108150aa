package org.midonet.kube.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetException;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.HostInterfacePort;
import org.midonet.kube.midonet.model.Ip4MacPair;
import org.midonet.kube.midonet.model.MacPort;
import org.midonet.kube.midonet.model.MidonetRef;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.PortLink;
import org.midonet.kube.midonet.model.ResourceKind;
import org.midonet.kube.midonet.model.TunnelZone;

/**
 * Takes a Translation's MidoNet objects from what was last applied to what is desired with the fewest
 * writes ({@link ApplyPlan}), and copes with what MidoNet answers on the way: 409 on a create means the
 * object exists, so it is checked and adopted (or updated, or replaced) rather than written again; the
 * 500 MidoNet gives for a duplicate MAC or ARP entry (MNA-1315) is checked with a GET; a rule position past
 * the end of its chain becomes an append; retriable failures are retried with {@link Backoff}. Applying
 * again after a failure resumes where it stopped. Only this class writes to MidoNet.
 */
public final class ChangeSetApplier {
    private final MidonetClient client;
    private final ClaimRegistry claims;
    private final Backoff backoff;
    private final Executor sideBySide;

    /** Makes a Translation's writes one after the other. */
    public ChangeSetApplier(MidonetClient client, ClaimRegistry claims, Backoff backoff) {
        this(client, claims, backoff, Runnable::run);
    }

    /**
     * Makes the writes of objects of one kind under different parents (the rules of two chains, say) side by side,
     * those of one parent one after the other (a chain's rules go by position): {@code sideBySide} runs all but
     * one group of each kind; the caller's thread runs the last.
     */
    public ChangeSetApplier(MidonetClient client, ClaimRegistry claims, Backoff backoff, Executor sideBySide) {
        this.client = client;
        this.claims = claims;
        this.backoff = backoff;
        this.sideBySide = sideBySide;
    }

    public ClaimRegistry claims() {
        return claims;
    }

    /**
     * Applies one Translation. Its desired objects are claimed first, so that no other Translation's
     * plan deletes them meanwhile; an empty desired content releases every claim (the Translation's deletion).
     */
    public ApplyResult apply(String translation, List<MidonetResource> lastApplied, List<MidonetResource> desired) {
        if (desired.isEmpty()) {
            claims.release(translation);
        } else {
            claims.claim(translation, desired.stream().map(Identity::of).toList());
        }
        ApplyPlan plan = ApplyPlan.between(lastApplied, desired, identity -> claims.claimedByOther(identity, translation));
        Tally tally = new Tally();
        try {
            byKindAndParent(plan.replaced(), (r, t) -> delete(translation, r, t), tally);
            byKindAndParent(plan.creates(), (r, t) -> create(translation, r, t), tally);
            for (MidonetResource r : plan.updates()) {
                update(translation, r, tally);
            }
            byKindAndParent(plan.deletes(), (r, t) -> delete(translation, r, t), tally);
        } catch (ApplyException e) {
            throw e.after(tally.result(), tally.reached(lastApplied));
        }
        return tally.result();
    }

    private interface Write {
        void apply(MidonetResource resource, Tally tally);
    }

    /**
     * Writes resources in order of kind (as the plan sorts them); of one kind, the groups of different parents side
     * by side (a top-level object is a group of its own), each group in order. All groups of a kind finish before the
     * next kind starts; the first failure is thrown once they have, with everything the groups did tallied.
     */
    private void byKindAndParent(List<MidonetResource> ordered, Write write, Tally tally) {
        int i = 0;
        while (i < ordered.size()) {
            ResourceKind kind = ordered.get(i).kind();
            Map<String, List<MidonetResource>> byParent = new LinkedHashMap<>();
            for (; i < ordered.size() && ordered.get(i).kind() == kind; i++) {
                MidonetResource r = ordered.get(i);
                // top-level objects (chains, bridges, routers) depend on none of their kind: each is a group
                String group = r.parent() != null ? r.parent().toString() : "/" + r.key();
                byParent.computeIfAbsent(group, g -> new ArrayList<>()).add(r);
            }
            sideBySide(new ArrayList<>(byParent.values()), write, tally);
        }
    }

    private void sideBySide(List<List<MidonetResource>> groups, Write write, Tally tally) {
        if (groups.size() == 1) {
            groups.get(0).forEach(r -> write.apply(r, tally));
            return;
        }
        List<Tally> tallies = new ArrayList<>();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (List<MidonetResource> group : groups.subList(0, groups.size() - 1)) {
            Tally own = new Tally();
            tallies.add(own);
            running.add(CompletableFuture.runAsync(() -> group.forEach(r -> write.apply(r, own)), sideBySide));
        }
        Tally own = new Tally();
        tallies.add(own);
        running.add(CompletableFuture.runAsync(() -> groups.get(groups.size() - 1).forEach(r -> write.apply(r, own)),
                Runnable::run));
        RuntimeException first = null;
        for (CompletableFuture<Void> group : running) {
            try {
                group.join();
            } catch (CompletionException e) {
                first = first != null ? first : e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        tallies.forEach(tally::add);
        if (first != null) {
            throw first;
        }
    }

    /**
     * Deletes objects a Translation held and no longer holds when only their names are known (its status
     * names what was applied, the content has changed since): those that no Translation claims, the Translation
     * itself included, children first; one already gone is fine.
     */
    public ApplyResult deleteUnclaimed(String translation, Collection<MidonetRef> objects) {
        List<MidonetRef> going = objects.stream()
                .filter(o -> !claims.claimedBy(Identity.of(o)))
                .sorted(Comparator.comparing(MidonetRef::kind).reversed())
                .toList();
        int deleted = 0;
        for (MidonetRef object : going) {
            if (call(translation, "delete " + object, () -> client.delete(object))) {
                deleted++;
            }
        }
        return new ApplyResult(0, 0, deleted, 0);
    }

    private void create(String translation, MidonetResource resource, Tally tally) {
        MidonetResource attempt = resource;
        for (int n = 1; ; n++) {
            try {
                client.create(attempt);
                tally.created++;
                tally.settled.add(resource);
                return;
            } catch (MidonetException e) {
                if (e.isConflict() && resolveConflict(translation, resource, tally)) {
                    tally.settled.add(resource);
                    return;
                }
                if (e.isConflict() && resource instanceof HostInterfacePort && e.getMessage().contains("tunnel zone")) {
                    // the host joins its tunnel zone through another Translation, maybe not applied yet
                    throw new ApplyException(translation, "bind " + describe(resource), e, true);
                }
                if (e.status() == 500 && isTableEntry(resource) && exists(translation, resource)) {
                    tally.adopted++; // MNA-1315: a duplicate MAC or ARP entry answers 500
                    tally.settled.add(resource);
                    return;
                }
                if (e.status() == 400 && e.getMessage().contains("Position exceeds") && resource instanceof ChainRule rule) {
                    attempt = appended(translation, rule);
                    continue;
                }
                retryOrFail(translation, "create " + describe(resource), e, n);
            }
        }
    }

    /** A 409: the object exists. Adopts it when it is what we want, else updates or replaces it. */
    private boolean resolveConflict(String translation, MidonetResource wanted, Tally tally) {
        Optional<JsonNode> actual = call(translation, "read " + describe(wanted), () -> Existing.read(client, wanted));
        if (wanted instanceof PortLink link && actual.isPresent() && !actual.get().path("peerId").isNull()) {
            if (!Existing.matches(actual.get(), wanted)) {
                call(translation, "unlink " + describe(wanted), () -> client.delete(link));
                call(translation, "link " + describe(wanted), () -> { client.create(link); return null; });
                tally.deleted++;
                tally.created++;
                return true;
            }
            tally.adopted++;
            return true;
        }
        if (actual.isEmpty() || wanted instanceof PortLink) {
            return false; // the conflict is with some other object (a tunnel zone's name, say)
        }
        if (Existing.matches(actual.get(), wanted)) {
            tally.adopted++;
        } else if (wanted.updatable()) {
            update(translation, wanted, tally);
        } else {
            call(translation, "delete stale " + describe(wanted), () -> client.delete(wanted));
            call(translation, "create " + describe(wanted), () -> { client.create(wanted); return null; });
            tally.deleted++;
            tally.created++;
        }
        return true;
    }

    private void update(String translation, MidonetResource resource, Tally tally) {
        for (int n = 1; ; n++) {
            try {
                client.update(resource);
                tally.updated++;
                tally.settled.add(resource);
                return;
            } catch (MidonetException e) {
                if (e.isConflict() && resource instanceof TunnelZone) {
                    return; // MNA-1293: a PUT that keeps a tunnel zone's name clashes with the zone itself
                }
                if (e.isNotFound() && n == 1) {
                    create(translation, resource, tally); // deleted behind our back
                    return;
                }
                retryOrFail(translation, "update " + describe(resource), e, n);
            }
        }
    }

    private void delete(String translation, MidonetResource resource, Tally tally) {
        for (int n = 1; ; n++) {
            try {
                if (client.delete(resource)) {
                    tally.deleted++;
                }
                tally.removed.add(resource);
                return;
            } catch (MidonetException e) {
                retryOrFail(translation, "delete " + describe(resource), e, n);
            }
        }
    }

    private boolean exists(String translation, MidonetResource resource) {
        return call(translation, "read " + describe(resource), () -> Existing.read(client, resource))
                .map(actual -> Existing.matches(actual, resource)).orElse(false);
    }

    /** The rule at the end of its chain, when its position is past the chain's current end. */
    private ChainRule appended(String translation, ChainRule rule) {
        int count = call(translation, "list the rules of chain " + rule.chainId(),
                () -> client.list("/chains/" + rule.chainId() + "/rules", ResourceKind.RULE.collectionMediaType()).size());
        return new ChainRule(rule.chainId(), rule.id(), rule.type(), count + 1, rule.dlType(), rule.nwSrcAddress(),
                rule.nwSrcLength(), rule.nwDstAddress(), rule.nwDstLength(), rule.nwProto(), rule.tpDst(),
                rule.jumpChainId(), rule.flowAction(), rule.natTargets());
    }

    /** Runs a call, retrying retriable failures. */
    private <T> T call(String translation, String what, Supplier<T> call) {
        for (int n = 1; ; n++) {
            try {
                return call.get();
            } catch (MidonetException e) {
                retryOrFail(translation, what, e, n);
            }
        }
    }

    /**
     * Waits and lets the caller try again when MidoNet failed in passing (no answer, 5xx); otherwise gives
     * up on the Translation. A missing parent or referent (404, or the 400 of a route's next hop) ends it
     * too, as retriable: it is usually another Translation's object not created yet, so the caller applies
     * the other Translations and comes back to this one.
     */
    private void retryOrFail(String translation, String what, MidonetException e, int attempt) {
        boolean passing = e.status() == 0 || e.status() >= 500;
        if (!passing || attempt >= backoff.maxAttempts()) {
            throw new ApplyException(translation, what, e);
        }
        backoff.pause(attempt);
    }

    private static boolean isTableEntry(MidonetResource resource) {
        return resource instanceof MacPort || resource instanceof Ip4MacPair;
    }

    private static String describe(MidonetResource resource) {
        return resource.kind().translationName() + " " + resource.key();
    }

    private static final class Tally {
        int created;
        int updated;
        int deleted;
        int adopted;
        /** Objects brought to their desired state, and objects deleted, by this attempt. */
        final List<MidonetResource> settled = new ArrayList<>();
        final List<MidonetResource> removed = new ArrayList<>();

        ApplyResult result() {
            return new ApplyResult(created, updated, deleted, adopted);
        }

        void add(Tally other) {
            created += other.created;
            updated += other.updated;
            deleted += other.deleted;
            adopted += other.adopted;
            settled.addAll(other.settled);
            removed.addAll(other.removed);
        }

        /** What MidoNet is known to hold for the Translation after this attempt, from what it held before. */
        List<MidonetResource> reached(List<MidonetResource> before) {
            Map<Identity, MidonetResource> state = new LinkedHashMap<>();
            before.forEach(r -> state.put(Identity.of(r), r));
            removed.forEach(r -> state.remove(Identity.of(r)));
            settled.forEach(r -> state.put(Identity.of(r), r));
            return List.copyOf(state.values());
        }
    }
}

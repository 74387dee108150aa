package org.midonet.kube.controller.pusher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.midonet.kube.apply.ApplyException;
import org.midonet.kube.apply.ApplyResult;
import org.midonet.kube.apply.ChangeSetApplier;
import org.midonet.kube.apply.Identity;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.controller.ops.EventRecorder;
import org.midonet.kube.controller.pusher.PusherMetrics.State;
import org.midonet.kube.controller.pusher.TranslationState.Applied;
import org.midonet.kube.controller.pusher.TranslationState.Content;
import org.midonet.kube.controller.pusher.TranslationState.Observed;
import org.midonet.kube.k8s.BackendResource;
import org.midonet.kube.k8s.ContentHash;
import org.midonet.kube.k8s.DerivedTranslations;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationParts;
import org.midonet.kube.k8s.TranslationStatus;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.MidonetRef;
import org.midonet.kube.midonet.model.MidonetResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes MidoNet hold what one Translation says, one key at a time: {@link #reconcile} reads the cached
 * Translation and decides whether there is nothing to do, its content to push, its objects to delete (then
 * its finalizer to remove), or a retry to ask for; it applies through the {@link ChangeSetApplier}, then
 * writes the status and an Event. What it remembers of the Translation between two calls is its
 * {@link TranslationState}. The queue guarantees that one key is reconciled by one thread at a time.
 */
final class TranslationReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(TranslationReconciler.class);
    private static final String DELETED = Observed.DELETED;

    /**
     * What the queue should do with the key next: nothing (until it changes), try again after a wait, or try
     * again once the translation controller has derived the cluster ({@code waitForDerivation}).
     */
    record Outcome(Duration retryAfter, boolean waitForDerivation) {
        static final Outcome DONE = new Outcome(null, false);
        static final Outcome WAIT_FOR_DERIVATION = new Outcome(null, true);

        static Outcome retryAfter(Duration wait) {
            return new Outcome(wait, false);
        }
    }

    private final Function<String, Translation> cache;
    private final DerivedTranslations derived;
    private final PushStates states;
    private final ChangeSetApplier applier;
    private final StatusWriter status;
    private final EventRecorder events;
    private final PusherMetrics metrics;
    private final KubernetesClient kube;
    private final PusherOptions options;
    private final Backoff retries;
    private final Backoff referentRetries;

    TranslationReconciler(Function<String, Translation> cache, DerivedTranslations derived, PushStates states,
            ChangeSetApplier applier, StatusWriter status, EventRecorder events, PusherMetrics metrics, KubernetesClient kube,
            PusherOptions options) {
        this.cache = cache;
        this.derived = derived;
        this.states = states;
        this.applier = applier;
        this.status = status;
        this.events = events;
        this.metrics = metrics;
        this.kube = kube;
        this.options = options;
        this.retries = options.retryBackoff();
        this.referentRetries = options.referentBackoff();
    }

    /**
     * Brings MidoNet and the status in line with the Translation of this key.
     *
     * @param seenAt when the change being reconciled was first seen (System.nanoTime), for the latency
     */
    Outcome reconcile(String key, long seenAt) {
        TranslationState state = states.stateOf(key);
        Translation tr = cache.apply(key);
        if (tr == null) {
            return gone(state, seenAt);
        }
        if (PusherTranslations.deleting(tr)) {
            if (!PusherTranslations.finalizers(tr).contains(Translation.FINALIZER)) {
                return Outcome.DONE; // another controller's finalizer: nothing of ours to do
            }
            return deleteObjects(state, tr, seenAt).orElse(() -> removeFinalizer(state, tr));
        }
        if (TranslationParts.declaredParts(tr) > 0) {
            LOG.debug("waiting for all its parts to hold the content its head names");
            return Outcome.DONE; // the last part written queues it again
        }
        return push(state, tr, seenAt);
    }

    /** Whether MidoNet holds the Translation's content as far as this pusher knows (pushed, nothing attempted since). */
    boolean inMidonet(String key, Translation tr) {
        TranslationState state = states.get(key);
        if (state == null || !state.attempted.isEmpty()) {
            return false;
        }
        String hash = contentHash(state, PusherTranslations.resources(tr));
        return hash.equals(applied(state, tr).hash()) && derived.check(key, hash) == DerivedTranslations.Verdict.DERIVED;
    }

    /** Notes the last state of a Translation that left the cache, for {@link #reconcile} to delete its objects. */
    void left(String key, Translation tr) {
        states.stateOf(key).tombstone = tr;
    }

    // ---- a Translation that exists: push its content ----

    private Outcome push(TranslationState state, Translation tr, long seenAt) {
        String key = state.key;
        boolean firstSight = state.content == null;
        List<BackendResource> resources = PusherTranslations.resources(tr);
        String hash = contentHash(state, resources);
        switch (derived.check(key, hash)) {
            case UNKNOWN_YET:
                return Outcome.WAIT_FOR_DERIVATION;
            case NOT_DERIVED:
                return notDerived(state, tr, hash);
            default:
                state.notDerived = false;
                state.notDerivedHash = null;
        }
        Applied last = applied(state, tr);
        if (last.known() && last.hash() != null && state.applied == null) {
            state.applied = last; // so that a change coming before the push is applied from it
        }
        if (hash.equals(last.hash()) && state.attempted.isEmpty()) {
            return settle(state, tr, hash, last);
        }
        if (firstSight && PusherStatus.failedTerminally(tr)) {
            state.terminalHash = hash; // failed before a restart, for a reason retrying does not cure
        }
        if (hash.equals(state.terminalHash)) {
            states.condition(key, State.FAILED);
            return Outcome.DONE;
        }
        unsettled(state, hash, PusherTranslations.changedAt(tr, seenAt));

        List<MidonetResource> desired;
        try {
            desired = PusherTranslations.decodeStrictly(resources);
        } catch (IllegalArgumentException e) {
            return failed(state, tr, hash, PusherStatus.MALFORMED_RESOURCE, e.getMessage(), false);
        }
        states.catchUp(cache);
        List<MidonetResource> from = startingPoint(state, last, desired);
        state.attempted = PusherTranslations.union(state.attempted, resources);
        ApplyResult result;
        try {
            result = last.known() ? applier.apply(key, from, desired) : applyOverMidonet(key, last, from, desired);
        } catch (ApplyException e) {
            String reason = PusherStatus.reasonOf(e);
            return failed(state, tr, hash, reason, e.getMessage(), e.retriable() || !PusherStatus.terminal(reason));
        }
        state.applied = new Applied(hash, resources, false);
        state.succeeded();
        LOG.info("pushed ({})", describe(result));
        events.normal(tr, PusherEvents.UPDATE_PUSHED, "Translation Update pushed to the backend");
        Outcome recorded = recordPushed(state, tr, hash, resources, desired, "pushed to MidoNet: " + describe(result));
        settled(state, hash, false);
        return recorded;
    }

    /**
     * A content the translation controller of this process did not derive (written by hand, or by anyone
     * else): never pushed; reported once (log, Warning Event, status Pushed=False NotDerived, metric) and
     * handed to the translation controller, which writes back the derived content or deletes the Translation.
     */
    private Outcome notDerived(TranslationState state, Translation tr, String hash) {
        state.notDerived = true;
        states.condition(state.key, State.FAILED);
        if (hash.equals(state.notDerivedHash)) {
            return Outcome.DONE; // reported already
        }
        state.notDerivedHash = hash;
        String message = "not pushed: this content was not derived by the translation controller";
        LOG.warn("{} (hash {})", message, hash);
        metrics.notDerived();
        events.warning(tr, PusherEvents.NOT_DERIVED, "Translation " + message);
        if (!PusherStatus.hasCondition(tr.getStatus(), "False", PusherStatus.NOT_DERIVED, message)) {
            Long generation = tr.getMetadata().getGeneration();
            status.edit(tr, s -> PusherStatus.failed(s, PusherStatus.NOT_DERIVED, message, generation));
        }
        derived.reportNotDerived(state.key);
        return Outcome.DONE;
    }

    /** MidoNet holds the content already: the status says so (or is made to), and the version is settled. */
    private Outcome settle(TranslationState state, Translation tr, String hash, Applied last) {
        Outcome outcome = Outcome.DONE;
        if (!last.recorded() && !PusherStatus.pushedAt(tr, hash)) {
            List<BackendResource> resources = PusherTranslations.resources(tr);
            outcome = recordPushed(state, tr, hash, resources, PusherTranslations.decodeLeniently(resources),
                    "pushed to MidoNet");
        }
        settled(state, hash, false);
        return outcome;
    }

    /**
     * Applies a content whose predecessor is known only by the objects the status names: every desired object
     * is created, or where it exists adopted, updated or replaced (the applier reads it on the 409); then the
     * named objects no Translation holds any more are deleted.
     */
    private ApplyResult applyOverMidonet(String key, Applied last, List<MidonetResource> from, List<MidonetResource> desired) {
        LOG.info("changed while no pusher watched; applying it over what MidoNet holds");
        ApplyResult result = applier.apply(key, from, desired);
        return result.plus(applier.deleteUnclaimed(key, last.named()));
    }

    /**
     * Where an apply starts: what was last applied, plus what a failed attempt since may have left in MidoNet
     * and the new content no longer holds (so that it is deleted, or found already deleted).
     */
    private static List<MidonetResource> startingPoint(TranslationState state, Applied last, List<MidonetResource> desired) {
        Map<Identity, MidonetResource> from = new LinkedHashMap<>();
        if (last.known()) {
            PusherTranslations.decodeLeniently(last.resources()).forEach(r -> from.putIfAbsent(Identity.of(r), r));
        }
        Set<Identity> wanted = new HashSet<>();
        desired.forEach(r -> wanted.add(Identity.of(r)));
        for (MidonetResource r : PusherTranslations.decodeLeniently(state.attempted)) {
            if (!wanted.contains(Identity.of(r))) {
                from.putIfAbsent(Identity.of(r), r);
            }
        }
        return new ArrayList<>(from.values());
    }

    /** Writes the status of a push; asks for a retry if the write failed. */
    private Outcome recordPushed(TranslationState state, Translation tr, String hash, List<BackendResource> resources,
            List<MidonetResource> content, String message) {
        Long generation = tr.getMetadata().getGeneration();
        TranslationStatus pushed = PusherStatus.pushed(PusherStatus.copyOf(tr.getStatus()), hash, content, generation, message);
        // the new status says everything anew (hash, objects, condition): written without reading it first
        if (status.replace(tr, pushed)) {
            state.applied = new Applied(hash, resources, true);
            return Outcome.DONE;
        }
        return retry(state);
    }

    // ---- a Translation being deleted, or gone: delete its objects ----

    /** A Translation gone from the cache: its objects deleted if this pusher did not delete them, then forgotten. */
    private Outcome gone(TranslationState state, long seenAt) {
        Translation tombstone = state.tombstone;
        boolean holdsNothing = tombstone == null || state.backendDeleted
                || applied(state, tombstone).holdsNothing() && PusherTranslations.resources(tombstone).isEmpty()
                        && state.attempted.isEmpty();
        if (!holdsNothing) {
            LOG.warn("gone without its finalizer; deleting its MidoNet objects");
            Outcome deleted = deleteObjects(state, tombstone, seenAt).outcome();
            if (deleted != null) {
                return deleted;
            }
        }
        states.forget(state.key);
        return Outcome.DONE;
    }

    /** The outcome of a step that may be followed by another: null when the next step may go on. */
    private record Step(Outcome outcome) {
        static final Step NEXT = new Step(null);

        Outcome orElse(Supplier<Outcome> next) {
            return outcome != null ? outcome : next.get();
        }
    }

    /** Deletes what a Translation holds in MidoNet (unless done already). */
    private Step deleteObjects(TranslationState state, Translation tr, long seenAt) {
        if (state.backendDeleted) {
            return Step.NEXT;
        }
        String key = state.key;
        unsettled(state, DELETED, seenAt);
        states.catchUp(cache);
        Map<Identity, MidonetResource> held = new LinkedHashMap<>();
        Applied last = applied(state, tr);
        if (last.known()) {
            PusherTranslations.decodeLeniently(last.resources()).forEach(r -> held.putIfAbsent(Identity.of(r), r));
        }
        if (!state.notDerived) { // a content nobody here derived names no object of ours
            PusherTranslations.decodeLeniently(PusherTranslations.resources(tr))
                    .forEach(r -> held.putIfAbsent(Identity.of(r), r));
        }
        PusherTranslations.decodeLeniently(state.attempted).forEach(r -> held.putIfAbsent(Identity.of(r), r));
        leaveToChainDeletions(key, held);
        ApplyResult result;
        try {
            result = applier.apply(key, new ArrayList<>(held.values()), List.of());
            List<MidonetRef> unheld = last.named().stream().filter(o -> !held.containsKey(Identity.of(o))).toList();
            result = result.plus(applier.deleteUnclaimed(key, unheld));
        } catch (ApplyException e) {
            String reason = PusherStatus.reasonOf(e);
            return new Step(failed(state, tr, DELETED, reason, e.getMessage(), e.retriable() || !PusherStatus.terminal(reason)));
        }
        state.backendDeleted = true;
        state.applied = null;
        state.succeeded();
        LOG.info("MidoNet objects deleted ({})", describe(result));
        events.normal(tr, PusherEvents.DELETION_PUSHED, "Translation Deletion pushed to the backend");
        settled(state, DELETED, true);
        return Step.NEXT;
    }

    /**
     * Drops the rules that MidoNet deletes anyway with a chain another Translation is deleting: the chain's own
     * rules and the jump rules into it (the rules of a deleted Service's ports go with the Service's chains).
     */
    private void leaveToChainDeletions(String key, Map<Identity, MidonetResource> held) {
        Set<UUID> going = states.chainsGoingExcept(key);
        held.values().removeIf(r -> r instanceof ChainRule rule
                && (going.contains(rule.chainId()) || going.contains(rule.jumpChainId())));
    }

    /** Removes the finalizer once the objects are deleted; the Translation then leaves the cache. */
    private Outcome removeFinalizer(TranslationState state, Translation tr) {
        try {
            kube.resources(Translation.class).inNamespace(tr.getMetadata().getNamespace()).withName(tr.getMetadata().getName())
                    .edit(t -> {
                        List<String> finalizers = new ArrayList<>(PusherTranslations.finalizers(t));
                        finalizers.remove(Translation.FINALIZER);
                        t.getMetadata().setFinalizers(finalizers);
                        return t;
                    });
            LOG.info("finalizer removed");
            return Outcome.DONE;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                states.forget(state.key);
                return Outcome.DONE;
            }
            LOG.warn("cannot remove the finalizer: {}", e.getMessage());
            events.warning(tr, PusherEvents.DELETION_FINALIZER_ERROR,
                    "Translation Deletion failed to remove finalizer with error " + e.getMessage());
            return retry(state);
        }
    }

    // ---- failures and settling ----

    /**
     * Reports a failure (status, Event) and decides what next: retry later, or leave the version alone. A
     * missing referent is retried silently for a while ({@link PusherOptions#referentGrace()}): it is usually
     * another Translation's object, created in a moment.
     */
    private Outcome failed(TranslationState state, Translation tr, String hash, String reason, String message, boolean retry) {
        String key = state.key;
        int n = ++state.failures;
        state.lastError = reason + ": " + message;
        boolean deletion = DELETED.equals(hash);
        if (PusherStatus.REFERENT_MISSING.equals(reason)) {
            long now = System.nanoTime();
            if (state.waitingSince == 0) {
                state.waitingSince = now;
            }
            if (now - state.waitingSince < options.referentGrace().toNanos()) {
                LOG.debug("waiting for a referent: {}", message);
                return Outcome.retryAfter(referentRetries.jittered(n));
            }
        } else {
            state.waitingSince = 0;
        }
        LOG.warn("{} failed ({}): {}{}", deletion ? "deletion" : "update", reason, message,
                retry ? "; trying again later" : "; left until it changes");
        events.warning(tr, deletion ? PusherEvents.DELETION_ERROR : PusherEvents.UPDATE_ERROR,
                (deletion ? "Translation Deletion failed with error " : "Translation Update failed with error ") + message);
        if (!PusherStatus.hasCondition(tr.getStatus(), "False", reason, PusherStatus.truncate(message, 1024))) {
            Long generation = tr.getMetadata().getGeneration();
            status.edit(tr, s -> PusherStatus.failed(s, reason, message, generation));
        }
        if (state.unsettled != null && state.unsettled.hash().equals(hash)) {
            states.condition(key, State.FAILED);
        }
        if (retry) {
            return Outcome.retryAfter(retries.jittered(n));
        }
        if (!deletion) {
            state.terminalHash = hash;
        }
        return Outcome.DONE;
    }

    /** A retry after a failure that is not the Translation's (a status write, the apiserver). */
    Outcome retry(TranslationState state) {
        return Outcome.retryAfter(retries.jittered(++state.failures));
    }

    /** Records that a version is waiting to be pushed, from when its change was first seen, unless it already is. */
    private void unsettled(TranslationState state, String hash, long since) {
        if (state.unsettled == null || !state.unsettled.hash().equals(hash)) {
            state.unsettled = new Observed(hash, since);
            states.condition(state.key, State.PENDING);
        }
    }

    /** Done with a version: records the latency and the condition, unless a newer version is unsettled. */
    private void settled(TranslationState state, String hash, boolean deletion) {
        Observed o = state.unsettled;
        if (o != null && !o.hash().equals(hash)) {
            return;
        }
        if (o != null) {
            metrics.programmed(deletion, System.nanoTime() - o.nanos());
        }
        if (!deletion) {
            states.condition(state.key, State.PUSHED);
        }
        state.unsettled = null;
    }

    // ---- what was applied ----

    /** What MidoNet holds of the Translation: as this pusher applied it, or as the status records it. */
    private static Applied applied(TranslationState state, Translation tr) {
        if (state.applied != null) {
            return state.applied;
        }
        TranslationStatus status = tr.getStatus();
        if (status == null || status.getAppliedHash() == null) {
            return Applied.NONE;
        }
        String hash = status.getAppliedHash();
        boolean recorded = PusherStatus.pushedAt(tr, hash);
        if (status.getAppliedObjects() == null && status.getAppliedResources() != null) {
            return new Applied(hash, status.getAppliedResources(), recorded); // the content itself, as earlier versions wrote
        }
        List<BackendResource> content = PusherTranslations.resources(tr);
        if (hash.equals(contentHash(state, content))) {
            return new Applied(hash, content, recorded);
        }
        return new Applied(hash, null, PusherTranslations.named(status.getAppliedObjects()), recorded);
    }

    /** The content's hash, computed once per content. */
    static String contentHash(TranslationState state, List<BackendResource> resources) {
        Content last = state.content;
        if (last != null && last.resources().equals(resources)) {
            return last.hash();
        }
        Content content = new Content(resources, ContentHash.of(resources));
        state.content = content;
        return content.hash();
    }

    private static String describe(ApplyResult r) {
        return r.created() + " created, " + r.updated() + " updated, " + r.deleted() + " deleted, " + r.adopted() + " adopted";
    }
}

package org.midonet.kube.controller.pusher;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.midonet.kube.apply.ClaimRegistry;
import org.midonet.kube.apply.Identity;
import org.midonet.kube.common.LogContext;
import org.midonet.kube.controller.pusher.PusherMetrics.State;
import org.midonet.kube.k8s.BackendResource;
import org.midonet.kube.k8s.Translation;

/**
 * Every Translation's {@link TranslationState}, made on first sight and forgotten here, and what the
 * Translations hold as a whole: their claims on MidoNet objects (shared with the applier, so that an object
 * moving from one Translation to another is never deleted) and the chains of those being deleted (MidoNet
 * deletes the rules in them and the jumps to them). The informer only notes which keys changed; the claims
 * catch up with the changes ({@link #catchUp}) before anything is applied.
 */
final class PushStates {
    private final Map<String, TranslationState> states = new ConcurrentHashMap<>();
    /** Keys changed since the claims last caught up, each with the number of its latest change. */
    private final Map<String, Long> changed = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private final Map<String, Set<UUID>> chainsGoing = new ConcurrentHashMap<>();
    private final ClaimRegistry claims;
    private final TranslationStates conditions;
    private final Object holdings = new Object();

    PushStates(ClaimRegistry claims, TranslationStates conditions) {
        this.claims = claims;
        this.conditions = conditions;
    }

    /** The state of a Translation, or null if it was never seen or is forgotten. */
    TranslationState get(String key) {
        return states.get(key);
    }

    /** The state of a Translation, made on first sight. */
    TranslationState stateOf(String key) {
        return states.computeIfAbsent(key, TranslationState::new);
    }

    /** Forgets a Translation that is gone: its state, claims, chains and condition. */
    void forget(String key) {
        synchronized (holdings) {
            states.remove(key);
            chainsGoing.remove(key);
            claims.release(key);
        }
        conditions.remove(key);
    }

    /** Sets the condition the gauges count the Translation under. */
    void condition(String key, State state) {
        conditions.put(key, state);
    }

    /** Notes that a Translation changed (an informer event): its claims are brought up to date before the next apply. */
    void changed(String key) {
        changed.put(key, changes.incrementAndGet());
    }

    /** Brings the claims and the chains going up to date with every Translation changed since the last call. */
    void catchUp(Function<String, Translation> cache) {
        if (changed.isEmpty()) {
            return;
        }
        synchronized (holdings) { // a caller finding changes waits until every one is held, even those another caller took
            for (Map.Entry<String, Long> change : List.copyOf(changed.entrySet())) {
                Translation tr = cache.apply(change.getKey());
                if (tr != null) {
                    hold(change.getKey(), tr);
                }
                changed.remove(change.getKey(), change.getValue()); // unless it changed again meanwhile
            }
        }
    }

    /** Records what a Translation holds: the chains it takes with it when being deleted, its objects otherwise. */
    void hold(String key, Translation tr) {
        synchronized (holdings) {
            LogContext.with(tr.getMetadata().getNamespace(), tr.getMetadata().getName(), () -> holdNow(key, tr));
        }
    }

    private void holdNow(String key, Translation tr) {
        if (PusherTranslations.deleting(tr)) {
            chainsGoing.put(key, PusherTranslations.chains(tr));
            return;
        }
        TranslationState state = stateOf(key);
        List<BackendResource> resources = PusherTranslations.resources(tr);
        if (!resources.equals(state.claimed)) {
            List<Identity> identities = PusherTranslations.decodeLeniently(resources).stream().map(Identity::of).toList();
            if (!identities.isEmpty()) {
                claims.claim(key, identities);
            }
            state.claimed = resources;
        }
    }

    /** The chains that Translations other than this one are deleting. */
    Set<UUID> chainsGoingExcept(String key) {
        Set<UUID> going = new HashSet<>();
        chainsGoing.forEach((other, chains) -> {
            if (!other.equals(key)) {
                going.addAll(chains);
            }
        });
        return going;
    }
}

package org.midonet.kube.controller.pusher;

import java.util.List;
import org.midonet.kube.k8s.BackendResource;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.midonet.model.MidonetRef;

/**
 * What the pusher remembers of one Translation between two reconciles. Made on first sight and forgotten
 * when the Translation is gone, both by {@link PushStates}. Only the worker that holds the key in the queue
 * reads and changes it, except {@link #claimed}, which {@link PushStates} keeps under its own lock, and
 * {@link #tombstone}, which the informer's handler leaves when the Translation goes.
 */
final class TranslationState {
    final String key;

    /** The content whose objects this Translation claims. */
    volatile List<BackendResource> claimed;

    /** The content last reconciled and its hash (most updates are status writes, which leave the content alone). */
    Content content;
    /** What this pusher applied; newer than the informer's copy of the status until the status write comes back. */
    Applied applied;
    /** Content attempted since the last success: a failed attempt may have left any of it in MidoNet. */
    List<BackendResource> attempted = List.of();
    /** The hash of content that failed for a reason retrying does not cure. */
    String terminalHash;
    /** Failures in a row: the number of the next retry's backoff. */
    int failures;
    /** Why the last attempt failed (reason: message), or null. */
    String lastError;
    /** Since when (System.nanoTime) a push waits for a referent, another Translation's object; 0 when not. */
    long waitingSince;
    /** The version not pushed yet and when its change was first seen, for the programming latency. */
    Observed unsettled;
    /** Whether its content was found not derived by the translation controller (it is never pushed). */
    boolean notDerived;
    /** The hash of the content last reported as not derived. */
    String notDerivedHash;
    /** Whether the Translation's MidoNet objects are deleted (its finalizer may remain). */
    boolean backendDeleted;
    /** The Translation as last seen before it left the informer's cache (set by the informer's thread). */
    volatile Translation tombstone;

    TranslationState(String key) {
        this.key = key;
    }

    /** A Translation's resources with their hash, computed once per content. */
    record Content(List<BackendResource> resources, String hash) {
    }

    /** A version of a Translation (a content hash, or {@link #DELETED}) and when its change was first seen. */
    record Observed(String hash, long nanos) {
        static final String DELETED = "<deleted>";
    }

    /**
     * What was applied: its hash; its entries, or null when only the objects the status names are known (the
     * content changed while no pusher watched); and whether the status says so already.
     */
    record Applied(String hash, List<BackendResource> resources, List<MidonetRef> named, boolean recorded) {
        static final Applied NONE = new Applied(null, List.of(), false);

        Applied(String hash, List<BackendResource> resources, boolean recorded) {
            this(hash, resources, List.of(), recorded);
        }

        boolean known() {
            return resources != null;
        }

        boolean holdsNothing() {
            return known() ? resources.isEmpty() : named.isEmpty();
        }
    }

    /** After a success: nothing attempted, no failure, not waiting. */
    void succeeded() {
        attempted = List.of();
        failures = 0;
        lastError = null;
        waitingSince = 0;
        terminalHash = null;
    }
}

package org.midonet.kube.controller.translation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.midonet.kube.facts.FactMapper;
import org.midonet.kube.facts.ObjectRef;

/**
 * The Kubernetes objects changed since the translation last saw them, one entry per object: a later event
 * for an object replaces its entry (its latest state wins) but keeps its first arrival time, which the sync
 * latency is measured from. Informer threads add; the translation thread takes batches.
 */
final class PendingObjects {
    /** The latest state of one changed object; deleted means it is gone (object is its last known state). */
    record Change(HasMetadata object, boolean deleted, long arrivedNanos) {
        ObjectRef ref() {
            return FactMapper.refOf(object);
        }
    }

    /** Changes taken together, in arrival order of their objects. */
    record Batch(List<Change> changes) {
        static final Batch EMPTY = new Batch(List.of());

        /** Objects listed at once (e.g. from the informers' stores), as if they had all arrived now. */
        static Batch of(List<HasMetadata> objects) {
            long now = System.nanoTime();
            return new Batch(objects.stream().map(o -> new Change(o, false, now)).toList());
        }

        boolean isEmpty() {
            return changes.isEmpty();
        }

        List<HasMetadata> upserts() {
            return changes.stream().filter(c -> !c.deleted()).map(Change::object).toList();
        }

        List<HasMetadata> deletes() {
            return changes.stream().filter(Change::deleted).map(Change::object).toList();
        }
    }

    private final Map<ObjectRef, Change> pending = new LinkedHashMap<>();
    private long lastArrivalNanos;
    private boolean wakeUp;

    synchronized void upsert(HasMetadata object) {
        put(object, false);
    }

    synchronized void delete(HasMetadata object) {
        put(object, true);
    }

    private void put(HasMetadata object, boolean deleted) {
        ObjectRef ref = FactMapper.refOf(object);
        Change earlier = pending.get(ref);
        long arrived = earlier == null ? System.nanoTime() : earlier.arrivedNanos();
        pending.put(ref, new Change(object, deleted, arrived));
        lastArrivalNanos = System.nanoTime();
        notifyAll();
    }

    synchronized int depth() {
        return pending.size();
    }

    synchronized void clear() {
        pending.clear();
    }

    /** Makes a waiting {@link #take} return at once (with what is pending, possibly nothing). */
    synchronized void wakeUp() {
        wakeUp = true;
        notifyAll();
    }

    /**
     * Waits up to {@code idle} for a change, then up to {@code window} more for further changes to join it
     * (unless {@code maxSize} are pending already), and takes at most {@code maxSize} (0: no limit).
     */
    synchronized Batch take(Duration idle, Duration window, int maxSize) throws InterruptedException {
        return take(idle, window, window, maxSize);
    }

    /**
     * As above, but stops waiting for further changes as soon as none arrived for {@code quiet}: a lone change
     * is taken after {@code quiet}, a burst is gathered for up to {@code window}.
     */
    synchronized Batch take(Duration idle, Duration quiet, Duration window, int maxSize) throws InterruptedException {
        waitUntil(System.nanoTime() + idle.toNanos(), () -> !pending.isEmpty());
        if (pending.isEmpty()) {
            wakeUp = false;
            return Batch.EMPTY;
        }
        int limit = maxSize <= 0 ? Integer.MAX_VALUE : maxSize;
        long deadline = System.nanoTime() + window.toNanos();
        long quietNanos = quiet.toNanos();
        while (pending.size() < limit && !wakeUp) {
            long remaining = Math.min(deadline, lastArrivalNanos + quietNanos) - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
        wakeUp = false;
        List<Change> taken = new ArrayList<>(Math.min(limit, pending.size()));
        Iterator<Change> it = pending.values().iterator();
        while (it.hasNext() && taken.size() < limit) {
            taken.add(it.next());
            it.remove();
        }
        return new Batch(taken);
    }

    private void waitUntil(long deadlineNanos, BooleanSupplier done) throws InterruptedException {
        long remaining;
        while (!done.getAsBoolean() && !wakeUp && (remaining = deadlineNanos - System.nanoTime()) > 0) {
            wait(Math.max(1, remaining / 1_000_000));
        }
    }
}

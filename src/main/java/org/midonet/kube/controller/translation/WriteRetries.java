package org.midonet.kube.controller.translation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.translate.TranslationId;

/**
 * Translations whose last write did not happen (the API server failed, or the Translation was still being
 * deleted when new content came) and are written again later, from the translation's content at that time.
 * One entry per Translation name: a newer write of the same name replaces the entry. The wait doubles with
 * every failure, from base up to cap. Used by the translation thread only.
 */
final class WriteRetries {
    private record Entry(TranslationId id, int failures, long dueNanos) {
    }

    private final Backoff backoff;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    WriteRetries(Duration base, Duration cap) {
        this.backoff = Backoff.doubling(base, cap);
    }

    /** Schedules another attempt; returns the wait before it. */
    Duration failed(TranslationId id) {
        Entry earlier = entries.get(id.toString());
        int failures = earlier == null ? 1 : earlier.failures() + 1;
        Duration wait = backoff.upperBound(failures);
        entries.put(id.toString(), new Entry(id, failures, System.nanoTime() + wait.toNanos()));
        return wait;
    }

    void succeeded(TranslationId id) {
        entries.remove(id.toString());
    }

    /** The Translations whose next attempt is due; they stay scheduled until they succeed. */
    List<TranslationId> due() {
        long now = System.nanoTime();
        List<TranslationId> due = new ArrayList<>();
        entries.values().stream().filter(e -> e.dueNanos() - now <= 0).forEach(e -> due.add(e.id()));
        return due;
    }

    int size() {
        return entries.size();
    }

    void clear() {
        entries.clear();
    }
}

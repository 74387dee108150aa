package org.midonet.kube.controller.translation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.midonet.kube.common.LogContext;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.facts.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The problems of the objects the translation saw, logged with the object's namespace/name when they appear
 * or change: an object updated again with the same problem (a Node's status heartbeat, say) is not logged
 * again. Errors and conflicts are logged as warnings (the object is not translated), notices as information.
 * Conflicts (rules/conflicts.drl) come from the engine as a whole, not from one batch's objects: one that
 * ends because another object changed is forgotten, and logged again should it come back. What is logged is
 * also handed to {@link ProblemEvents}, and what ends is told to it.
 */
final class ProblemReport {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemReport.class);

    private final Map<ObjectRef, List<Problem>> current = new ConcurrentHashMap<>();
    private volatile Set<Problem> conflicts = Set.of();
    private final Consumer<Problem> counter;
    private final ProblemEvents events;

    /** A report without Events. */
    ProblemReport(Consumer<Problem> counter) {
        this(counter, new ProblemEvents(ref -> null, (object, reason, message) -> { }));
    }

    /** counter is told of every problem logged. */
    ProblemReport(Consumer<Problem> counter, ProblemEvents events) {
        this.counter = counter;
        this.events = events;
    }

    /** Takes the conflicts that hold now (TranslationEngine.conflicts()): the new ones are logged and counted. */
    void conflicts(List<Problem> now) {
        Set<Problem> before = conflicts;
        Set<Problem> after = new LinkedHashSet<>(now);
        now.stream().filter(p -> !before.contains(p)).forEach(this::report);
        before.stream().filter(p -> !after.contains(p)).forEach(events::ended);
        conflicts = after;
    }

    /**
     * Takes the problems of a batch (but its conflicts, see conflicts(List)); objects seen without problems
     * (upserted or deleted) lose theirs.
     */
    void batch(Collection<ObjectRef> objectsSeen, List<Problem> problems) {
        Map<ObjectRef, List<Problem>> byObject = new LinkedHashMap<>();
        for (Problem p : problems) {
            if (p.severity() == Problem.Severity.CONFLICT) {
                continue;
            }
            byObject.computeIfAbsent(p.object(), k -> new ArrayList<>()).add(p);
        }
        objectsSeen.stream().filter(ref -> !byObject.containsKey(ref)).forEach(ref -> ended(current.remove(ref), List.of()));
        byObject.forEach((ref, list) -> {
            List<Problem> before = current.put(ref, List.copyOf(list));
            if (!list.equals(before)) {
                list.forEach(this::report);
                ended(before, list);
            }
        });
    }

    /**
     * After a restart's first batch, which reported every problem there is: the Events of problems that ended
     * while the controller was stopped are forgotten.
     */
    void firstBatchReported() {
        events.retainOnly(current());
    }

    /** How many conflicts hold now. */
    int conflictCount() {
        return conflicts.size();
    }

    private void ended(List<Problem> before, List<Problem> after) {
        if (before != null) {
            before.stream().filter(p -> !after.contains(p)).forEach(events::ended);
        }
    }

    /** The problems of every object that has some now. */
    List<Problem> current() {
        List<Problem> all = new ArrayList<>();
        current.values().forEach(all::addAll);
        all.addAll(conflicts);
        return all;
    }

    void clear() {
        current.clear();
        conflicts = Set.of();
    }

    private void report(Problem p) {
        log(p);
        events.reported(p);
    }

    private void log(Problem p) {
        counter.accept(p);
        ObjectRef ref = p.object();
        String field = p.field() == null || p.field().isEmpty() ? "" : p.field() + ": ";
        LogContext.with(ref.namespace(), ref.name(), () -> {
            if (p.severity() != Problem.Severity.NOTICE) {
                LOG.warn("{} not translated: {}{}", ref.kind(), field, p.message());
            } else {
                LOG.info("{}: {}{}", ref.kind(), field, p.message());
            }
        });
    }
}

package org.midonet.kube.controller.translation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.facts.Problem;

/**
 * Warning Events on the objects that are not translated, so that {@code kubectl describe} says why: a lost
 * conflict ({@value #CONFLICT}) or an error ({@value #ERROR}). One Event per problem of an object (by uid): a
 * problem reported again, on another pass over the object or after a restart of the controller, records
 * nothing; one that ends and comes back, or that a new object of the same name has, is recorded again.
 * Notices (a Node not on the cluster network yet, say) record none: nothing is wrong with the object.
 */
final class ProblemEvents {
    static final String CONFLICT = "NetworkConflict";
    static final String ERROR = "NetworkTranslationError";

    /** Where the Events go: EventRecorder::warning. */
    interface Warnings {
        void warning(HasMetadata object, String reason, String message);
    }

    private final Function<ObjectRef, HasMetadata> objects;
    private final Warnings warnings;
    /** The problems an Event was recorded for, each with the uid of the object it is about. */
    private final Map<Problem, String> recorded = new ConcurrentHashMap<>();

    /** objects gives the current Kubernetes object a problem is about, or null when it is gone. */
    ProblemEvents(Function<ObjectRef, HasMetadata> objects, Warnings warnings) {
        this.objects = objects;
        this.warnings = warnings;
    }

    /** Records an Event for the problem unless one was recorded for it on the same object. */
    void reported(Problem problem) {
        if (problem.severity() == Problem.Severity.NOTICE) {
            return;
        }
        HasMetadata object = objects.apply(problem.object());
        if (object == null || object.getMetadata() == null || object.getMetadata().getUid() == null) {
            return; // gone already: nobody would read it
        }
        String uid = object.getMetadata().getUid();
        if (uid.equals(recorded.put(problem, uid))) {
            return;
        }
        String reason = problem.severity() == Problem.Severity.CONFLICT ? CONFLICT : ERROR;
        warnings.warning(object, reason, message(problem));
    }

    /** The problem ended: should it come back, it is recorded again. */
    void ended(Problem problem) {
        recorded.remove(problem);
    }

    /** Forgets the problems that do not hold any more (after a restart: those that ended while it was stopped). */
    void retainOnly(Collection<Problem> current) {
        recorded.keySet().retainAll(new HashSet<>(current));
    }

    /** As the log says it: "not translated: spec.clusterIP: '10.96.0.10' is the ClusterIP of Service a/b, ...". */
    static String message(Problem problem) {
        String field = problem.field() == null || problem.field().isEmpty() ? "" : problem.field() + ": ";
        return "not translated: " + field + problem.message();
    }
}

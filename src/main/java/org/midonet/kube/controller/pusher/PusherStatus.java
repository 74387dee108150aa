package org.midonet.kube.controller.pusher;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.midonet.kube.apply.ApplyException;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.k8s.TranslationStatus;
import org.midonet.kube.midonet.client.MidonetException;
import org.midonet.kube.midonet.model.MidonetRef;
import org.midonet.kube.midonet.model.MidonetResource;

/**
 * The Pushed condition of a Translation's status and the reasons it carries: True with reason Pushed once
 * MidoNet holds the resources, False with why not otherwise.
 */
public final class PusherStatus {
    public static final String PUSHED = "Pushed";
    /** MidoNet did not answer, or answered 5xx: retried with backoff. */
    public static final String MIDONET_UNAVAILABLE = "MidoNetUnavailable";
    /**
     * A parent or referent, often another Translation's object, is not in MidoNet yet (a 404, a route's next
     * hop, a binding whose host has no tunnel zone yet): retried with backoff.
     */
    public static final String REFERENT_MISSING = "ReferentMissing";
    /** MidoNet refused the credentials: retried with backoff, since the Translation is not at fault. */
    public static final String UNAUTHORIZED = "Unauthorized";
    /** MidoNet refused an object (4xx): left as it is until the Translation changes. */
    public static final String REJECTED = "Rejected";
    /** A resource entry does not decode: left as it is until the Translation changes. */
    public static final String MALFORMED_RESOURCE = "MalformedResource";
    /**
     * The content was not derived by the translation controller of the pushing process (written by someone
     * else): never pushed; the translation controller writes back the derived content or deletes it.
     */
    public static final String NOT_DERIVED = "NotDerived";
    /** Anything else (a bug): retried with backoff. */
    public static final String INTERNAL_ERROR = "InternalError";
    /**
     * The most bytes a status spends naming the objects applied: with the first share of a Translation stored in
     * parts (768 KiB of resources), the object stays under 1 MiB.
     */
    static final int OBJECT_NAMES_BUDGET = 192 * 1024;

    private static final Set<String> TERMINAL = Set.of(REJECTED, MALFORMED_RESOURCE);

    private PusherStatus() {
    }

    /** Why an apply failed, as a condition reason. */
    public static String reasonOf(ApplyException e) {
        if (!(e.getCause() instanceof MidonetException m)) {
            return INTERNAL_ERROR;
        }
        int status = m.status();
        if (status == 0 || status >= 500) {
            return MIDONET_UNAVAILABLE;
        }
        if (status == 401 || status == 403) {
            return UNAUTHORIZED;
        }
        return e.retriable() ? REFERENT_MISSING : REJECTED; // the applier knows which 4xx mean "not there yet"
    }

    /** Whether a failure with this reason is left until the Translation changes, rather than retried. */
    public static boolean terminal(String reason) {
        return TERMINAL.contains(reason);
    }

    /** The Pushed condition, or null. */
    public static Condition pushedCondition(TranslationStatus status) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream().filter(c -> PUSHED.equals(c.getType())).findFirst().orElse(null);
    }

    /** Whether the Translation's status says that MidoNet holds exactly the content of this hash. */
    public static boolean pushedAt(Translation tr, String hash) {
        TranslationStatus status = tr.getStatus();
        Condition pushed = pushedCondition(status);
        return status != null && hash.equals(status.getAppliedHash()) && pushed != null && "True".equals(pushed.getStatus());
    }

    /**
     * Whether the status says that this very version failed for a reason that retrying does not cure (the
     * condition's observedGeneration is the Translation's generation): then a restart leaves it alone too.
     */
    public static boolean failedTerminally(Translation tr) {
        Condition pushed = pushedCondition(tr.getStatus());
        Long generation = tr.getMetadata().getGeneration();
        return pushed != null && "False".equals(pushed.getStatus()) && terminal(pushed.getReason()) && generation != null
                && generation.equals(pushed.getObservedGeneration());
    }

    /** A copy that can be changed without changing the original (an informer's cached object); null for null. */
    public static TranslationStatus copyOf(TranslationStatus status) {
        if (status == null) {
            return null;
        }
        TranslationStatus copy = new TranslationStatus();
        copy.setAppliedHash(status.getAppliedHash());
        copy.setAppliedObjects(status.getAppliedObjects() == null ? null : new ArrayList<>(status.getAppliedObjects()));
        copy.setOmittedObjects(status.getOmittedObjects());
        copy.setAppliedResources(status.getAppliedResources() == null ? null : new ArrayList<>(status.getAppliedResources()));
        copy.setConditions(status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions()));
        return copy;
    }

    /**
     * Records a successful push: the content's hash and the objects it names, unless naming them would take more
     * than {@link #OBJECT_NAMES_BUDGET} (a Service of thousands of ports): then only their number is recorded.
     */
    public static TranslationStatus pushed(TranslationStatus status, String hash, List<MidonetResource> content,
            Long generation, String message) {
        TranslationStatus s = status == null ? new TranslationStatus() : status;
        s.setAppliedHash(hash);
        List<String> names = content.stream().map(r -> MidonetRef.of(r).toString()).toList();
        boolean fits = names.stream().mapToLong(n -> n.length() + 3).sum() <= OBJECT_NAMES_BUDGET;
        s.setAppliedObjects(fits ? names : null);
        s.setOmittedObjects(fits ? null : names.size());
        s.setAppliedResources(null);
        setCondition(s, "True", PUSHED, message, generation);
        return s;
    }

    /** Records a failure; what was applied before stays recorded. */
    public static TranslationStatus failed(TranslationStatus status, String reason, String message, Long generation) {
        TranslationStatus s = status == null ? new TranslationStatus() : status;
        setCondition(s, "False", reason, message, generation);
        return s;
    }

    /** Whether the status already has this condition (so that writing it again would change nothing). */
    public static boolean hasCondition(TranslationStatus status, String value, String reason, String message) {
        Condition c = pushedCondition(status);
        return c != null && value.equals(c.getStatus()) && reason.equals(c.getReason())
                && Objects.equals(message, c.getMessage());
    }

    private static void setCondition(TranslationStatus s, String value, String reason, String message, Long generation) {
        List<Condition> conditions = s.getConditions() == null ? new ArrayList<>() : new ArrayList<>(s.getConditions());
        Condition old = pushedCondition(s);
        String since = old != null && value.equals(old.getStatus()) && old.getLastTransitionTime() != null
                ? old.getLastTransitionTime()
                : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        conditions.removeIf(c -> PUSHED.equals(c.getType()));
        conditions.add(new Condition(since, truncate(message, 1024), generation, reason, value, PUSHED));
        s.setConditions(conditions);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}

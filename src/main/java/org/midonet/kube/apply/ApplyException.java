package org.midonet.kube.apply;

import java.util.List;
import org.midonet.kube.midonet.client.MidonetException;
import org.midonet.kube.midonet.model.MidonetResource;

/** A Translation could not be fully applied; what was done stays done, and applying again resumes. */
public class ApplyException extends RuntimeException {
    private final String translation;
    private final boolean retriable;
    private final ApplyResult done;
    private final List<MidonetResource> reached;

    public ApplyException(String translation, String what, MidonetException cause) {
        this(translation, what, cause, cause.retriable());
    }

    /** A failure whose chance of succeeding later is known better than the HTTP status says. */
    public ApplyException(String translation, String what, MidonetException cause, boolean retriable) {
        this(translation + ": " + what + ": " + cause.getMessage(), cause, translation, retriable, ApplyResult.NOTHING, null);
    }

    private ApplyException(String message, Throwable cause, String translation, boolean retriable, ApplyResult done,
            List<MidonetResource> reached) {
        super(message, cause);
        this.translation = translation;
        this.retriable = retriable;
        this.done = done;
        this.reached = reached;
    }

    /** The same failure, with what was written before it and what MidoNet then held for the Translation. */
    ApplyException after(ApplyResult done, List<MidonetResource> reached) {
        return new ApplyException(getMessage(), getCause(), translation, retriable, done, reached);
    }

    /**
     * What MidoNet is known to hold for the Translation after the failed attempt (null when unknown): the
     * "last applied" content for the next attempt, so that it redoes nothing.
     */
    public List<MidonetResource> reached() {
        return reached;
    }

    /** What was written before the failure. */
    public ApplyResult done() {
        return done;
    }

    public String translation() {
        return translation;
    }

    /** Whether applying again later may succeed (MidoNet down or busy, a referent not there yet). */
    public boolean retriable() {
        return retriable;
    }
}

package org.midonet.kube.apply;

import org.midonet.kube.midonet.MidonetException;

/** A Translation could not be fully applied; what was done stays done, and applying again resumes. */
public class ApplyException extends RuntimeException {
    private final String translation;
    private final boolean retriable;
    private final ApplyResult done;

    public ApplyException(String translation, String what, MidonetException cause) {
        this(translation, what, cause, cause.retriable());
    }

    /** A failure whose chance of succeeding later is known better than the HTTP status says. */
    public ApplyException(String translation, String what, MidonetException cause, boolean retriable) {
        this(translation + ": " + what + ": " + cause.getMessage(), cause, translation, retriable, ApplyResult.NOTHING);
    }

    private ApplyException(String message, Throwable cause, String translation, boolean retriable, ApplyResult done) {
        super(message, cause);
        this.translation = translation;
        this.retriable = retriable;
        this.done = done;
    }

    /** The same failure, with what was written before it. */
    ApplyException after(ApplyResult done) {
        return new ApplyException(getMessage(), getCause(), translation, retriable, done);
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

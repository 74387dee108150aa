package org.midonet.kube.apply;

import org.midonet.kube.midonet.MidonetException;

/** A Translation could not be fully applied; what was done stays done, and applying again resumes. */
public class ApplyException extends RuntimeException {
    private final String translation;
    private final boolean retriable;

    public ApplyException(String translation, String what, MidonetException cause) {
        super(translation + ": " + what + ": " + cause.getMessage(), cause);
        this.translation = translation;
        this.retriable = cause.retriable();
    }

    public String translation() {
        return translation;
    }

    /** Whether applying again later may succeed (MidoNet down or busy, a referent not there yet). */
    public boolean retriable() {
        return retriable;
    }
}

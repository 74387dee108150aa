package org.midonet.kube.midonet.client;

/**
 * A MidoNet API call that failed: what was called, the HTTP status (0 when no answer came) and MidoNet's
 * message. Retriable failures may succeed later as they are (connection problems, timeouts, 5xx, a parent
 * or referent not there yet); terminal ones will not (validation errors, a refused login).
 */
public class MidonetException extends RuntimeException {
    private final String method;
    private final String path;
    private final int status;
    private final boolean retriable;

    public MidonetException(String method, String path, int status, String message, boolean retriable, Throwable cause) {
        super(method + " " + path + ": " + (status == 0 ? "" : status + " ") + message, cause);
        this.method = method;
        this.path = path;
        this.status = status;
        this.retriable = retriable;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The HTTP status, or 0 when the call got no answer (connection refused, reset, timed out). */
    public int status() {
        return status;
    }

    public boolean retriable() {
        return retriable;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    public boolean isConflict() {
        return status == 409;
    }
}

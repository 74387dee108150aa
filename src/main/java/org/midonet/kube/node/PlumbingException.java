package org.midonet.kube.node;

/** A network change or query that the kernel (through iproute2) refused or that could not run. */
public final class PlumbingException extends RuntimeException {
    public PlumbingException(String message) {
        super(message);
    }

    public PlumbingException(String message, Throwable cause) {
        super(message, cause);
    }
}

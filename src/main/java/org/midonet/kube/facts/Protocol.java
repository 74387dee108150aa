package org.midonet.kube.facts;

/** L4 protocols of Service ports, with their IP protocol numbers. */
public enum Protocol {
    TCP(6), UDP(17), SCTP(132);

    private final int number;

    Protocol(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Kubernetes' spelling; null means TCP, as the API defaults it. */
    public static Protocol parse(String s) {
        if (s == null || s.isEmpty()) {
            return TCP;
        }
        for (Protocol p : values()) {
            if (p.name().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + s + "' (expected TCP, UDP or SCTP)");
    }
}

package org.midonet.kube.facts;

import java.time.Instant;

/**
 * Which of two objects of a kind is older, to decide a conflict between them: the earlier creationTimestamp,
 * then (same second, or no timestamp as in a manifest file) the smaller namespace/name. An object without a
 * timestamp counts as newer than any with one. A strict order: of two distinct objects exactly one is older.
 */
public final class Seniority {
    private Seniority() {
    }

    public static boolean older(Instant created, String key, Instant otherCreated, String otherKey) {
        if (created != null && otherCreated != null && !created.equals(otherCreated)) {
            return created.isBefore(otherCreated);
        }
        if ((created == null) != (otherCreated == null)) {
            return created != null;
        }
        return key.compareTo(otherKey) < 0;
    }
}

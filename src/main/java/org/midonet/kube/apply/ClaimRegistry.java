package org.midonet.kube.apply;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which Translations claim which MidoNet objects, so that an object leaves MidoNet only when no live
 * Translation holds it any more. Thread-safe.
 */
public final class ClaimRegistry {
    private final Map<Identity, Set<String>> claimants = new HashMap<>();
    private final Map<String, Set<Identity>> claimsOf = new HashMap<>();

    /** Records that a Translation now holds exactly these objects. */
    public synchronized void claim(String translation, Collection<Identity> identities) {
        release(translation);
        Set<Identity> claims = new HashSet<>(identities);
        claimsOf.put(translation, claims);
        for (Identity identity : claims) {
            claimants.computeIfAbsent(identity, k -> new HashSet<>()).add(translation);
        }
    }

    /** Records that a Translation holds nothing any more. */
    public synchronized void release(String translation) {
        Set<Identity> previous = claimsOf.remove(translation);
        if (previous == null) {
            return;
        }
        for (Identity identity : previous) {
            Set<String> set = claimants.get(identity);
            set.remove(translation);
            if (set.isEmpty()) {
                claimants.remove(identity);
            }
        }
    }

    /** Whether any Translation holds the object. */
    public synchronized boolean claimedBy(Identity identity) {
        return claimants.containsKey(identity);
    }

    /** Whether a Translation other than the given one holds the object. */
    public synchronized boolean claimedByOther(Identity identity, String translation) {
        Set<String> set = claimants.get(identity);
        return set != null && (set.size() > 1 || !set.contains(translation));
    }
}

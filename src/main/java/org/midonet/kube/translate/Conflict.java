package org.midonet.kube.translate;

import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.facts.Problem;

/**
 * An object that lost a conflict (rules/conflicts.drl) and derives nothing while the conflict lasts: its field
 * clashes with an older object (the winner), or with the cluster itself (no winner: a missing Node, the cluster
 * CIDR). The rules insert it logically, so that it goes, and the loser is translated, when the winner goes.
 *
 * @param loser the loser's fact, which the derivation rules match with {@code not Conflict( loser == $fact )}
 */
public record Conflict(Object loser, ObjectRef loserRef, String field, ObjectRef winner, String message) {

    /** A conflict with an older object, named in the message. */
    public static Conflict withOlder(Object loser, ObjectRef loserRef, String field, ObjectRef winner, String what) {
        return new Conflict(loser, loserRef, field, winner, what + " of " + winner + ", which is older");
    }

    /** A conflict with the cluster rather than with another object. */
    public static Conflict withCluster(Object loser, ObjectRef loserRef, String field, String what) {
        return new Conflict(loser, loserRef, field, null, what);
    }

    /** How the conflict is reported: a CONFLICT problem of the loser. */
    public Problem problem() {
        return Problem.conflict(loserRef, field, message);
    }
}

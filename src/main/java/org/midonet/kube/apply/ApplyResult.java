package org.midonet.kube.apply;

/**
 * What applying one Translation did: successful writes by kind of change, and objects found already there
 * and adopted (after a 409, or a MAC/ARP 500) instead of written.
 */
public record ApplyResult(int created, int updated, int deleted, int adopted) {
    public static final ApplyResult NOTHING = new ApplyResult(0, 0, 0, 0);

    public int writes() {
        return created + updated + deleted;
    }

    public ApplyResult plus(ApplyResult o) {
        return new ApplyResult(created + o.created, updated + o.updated, deleted + o.deleted, adopted + o.adopted);
    }
}

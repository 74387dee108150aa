package org.midonet.kube.translate;

import java.util.Comparator;
import java.util.UUID;
import org.midonet.kube.midonet.ChainRule;
import org.midonet.kube.midonet.MidonetResource;

/**
 * The order of resources in a Translation: by kind so that parents and referents come first, rules of a
 * chain by position, then by key so that the order is stable.
 */
public final class ApplyOrder {
    public static final Comparator<MidonetResource> CREATE = Comparator
            .comparing((MidonetResource r) -> r.kind().ordinal())
            .thenComparing(MidonetResource::parent, ApplyOrder::compareAsText)
            .thenComparingInt(r -> r instanceof ChainRule rule ? rule.position() : 0)
            .thenComparing(MidonetResource::key);

    private ApplyOrder() {
    }

    /** The order of the UUIDs' canonical texts (null as "" first), without making the texts. */
    static int compareAsText(UUID a, UUID b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        int byMsb = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return byMsb != 0 ? byMsb : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}

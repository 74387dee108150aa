package org.midonet.kube.translate;

import java.util.Comparator;
import org.midonet.kube.midonet.ChainRule;
import org.midonet.kube.midonet.MidonetResource;

/**
 * The order of resources in a Translation: by kind so that parents and referents come first, rules of a
 * chain by position, then by key so that the order is stable.
 */
public final class ApplyOrder {
    public static final Comparator<MidonetResource> CREATE = Comparator
            .comparing((MidonetResource r) -> r.kind().ordinal())
            .thenComparing(r -> r.parent() == null ? "" : r.parent().toString())
            .thenComparingInt(r -> r instanceof ChainRule rule ? rule.position() : 0)
            .thenComparing(MidonetResource::key);

    private ApplyOrder() {
    }
}

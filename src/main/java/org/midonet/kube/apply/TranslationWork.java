package org.midonet.kube.apply;

import java.util.List;
import org.midonet.kube.midonet.model.MidonetResource;

/**
 * One Translation to apply: its name (namespace/name), the content last applied to MidoNet (empty when
 * unknown: existing objects are then found and adopted) and the desired content (empty to delete it all).
 */
public record TranslationWork(String name, List<MidonetResource> lastApplied, List<MidonetResource> desired) {

    public TranslationWork {
        lastApplied = List.copyOf(lastApplied);
        desired = List.copyOf(desired);
    }
}

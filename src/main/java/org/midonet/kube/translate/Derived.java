package org.midonet.kube.translate;

import java.util.List;
import org.midonet.kube.midonet.MidonetResource;

/**
 * What one DRL rule derived from one match: MidoNet resources that belong to one Translation. Rules insert
 * these logically, so they disappear with the facts that justified them.
 */
public record Derived(TranslationId translation, List<MidonetResource> resources) {

    public Derived {
        resources = List.copyOf(resources);
    }

    public static Derived of(TranslationId translation, MidonetResource... resources) {
        return new Derived(translation, List.of(resources));
    }
}

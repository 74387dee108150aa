package org.midonet.kube.translate;

import java.util.List;
import java.util.Objects;
import org.midonet.kube.midonet.model.MidonetResource;

/**
 * What one DRL rule derived from one match: MidoNet resources that belong to one Translation. Rules insert
 * these logically, so they disappear with the facts that justified them.
 */
public final class Derived {
    private final TranslationId translation;
    private final List<MidonetResource> resources;
    /** Computed once: Drools' truth maintenance and the engine's sets hash every Derived several times. */
    private final int hash;

    public Derived(TranslationId translation, List<MidonetResource> resources) {
        this.translation = translation;
        this.resources = List.copyOf(resources);
        this.hash = 31 * Objects.hashCode(translation) + this.resources.hashCode();
    }

    public static Derived of(TranslationId translation, MidonetResource... resources) {
        return new Derived(translation, List.of(resources));
    }

    public TranslationId translation() {
        return translation;
    }

    public List<MidonetResource> resources() {
        return resources;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Derived d && hash == d.hash && Objects.equals(translation, d.translation)
                && resources.equals(d.resources);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "Derived[translation=" + translation + ", resources=" + resources + "]";
    }
}

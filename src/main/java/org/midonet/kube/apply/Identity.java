package org.midonet.kube.apply;

import org.midonet.kube.midonet.model.MidonetRef;
import org.midonet.kube.midonet.model.MidonetResource;

/**
 * What makes two resources the same MidoNet object, whatever their content: kind and key (the id, or the
 * natural key of objects without one). Two Translations holding resources of one identity claim one object.
 */
public record Identity(String kind, String key) {

    public static Identity of(MidonetResource resource) {
        return new Identity(resource.kind().translationName(), resource.key());
    }

    public static Identity of(MidonetRef object) {
        return new Identity(object.kind().translationName(), object.key());
    }

    @Override
    public String toString() {
        return kind + " " + key;
    }
}

package org.midonet.kube.translate;

/**
 * Names one Translation: its namespace and name, and its owner (null for the global Translations, which
 * belong to no object).
 */
public record TranslationId(String namespace, String name, Owner owner) implements Comparable<TranslationId> {

    public boolean global() {
        return owner == null;
    }

    @Override
    public int compareTo(TranslationId o) {
        int byNamespace = namespace.compareTo(o.namespace);
        return byNamespace != 0 ? byNamespace : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}

package org.midonet.kube.k8s;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the translation controller of this process derived: per Translation (namespace/name), the hash of the
 * content it wrote or is writing. The pusher writes to MidoNet only a Translation whose content is in here,
 * so that a Translation written by anyone else (by hand, by a compromised node) never reaches MidoNet. Until
 * the translation controller has derived the whole cluster once ({@link #synced()}), nothing is known.
 *
 * <p>Two contents of a Translation are known at a time: the one last written and the one being written (a
 * write that failed is retried; until then Kubernetes still holds the former). Thread-safe.
 */
public final class DerivedTranslations {
    /** What is known of a Translation's content. */
    public enum Verdict {
        /** The translation controller derived this very content. */
        DERIVED,
        /** The translation controller has derived the cluster and not this content. */
        NOT_DERIVED,
        /** The translation controller has not derived the cluster yet. */
        UNKNOWN_YET
    }

    /** The hashes of the content last written and of the one being written (either may be null). */
    private record Known(String written, String writing) {
        boolean holds(String hash) {
            return hash.equals(written) || hash.equals(writing);
        }
    }

    private final Map<String, Known> hashes = new ConcurrentHashMap<>();
    private final List<Runnable> onSynced = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> onNotDerived = new CopyOnWriteArrayList<>();
    private final boolean trusting;
    private volatile boolean synced;

    private DerivedTranslations(boolean trusting) {
        this.trusting = trusting;
    }

    /** A registry the translation controller fills. */
    public static DerivedTranslations checked() {
        return new DerivedTranslations(false);
    }

    /** For a pusher running without a translation controller in its process: every content is taken as derived. */
    public static DerivedTranslations trustingAll() {
        DerivedTranslations all = new DerivedTranslations(true);
        all.synced = true;
        return all;
    }

    /** Whether every content is taken as derived. */
    public boolean trusting() {
        return trusting;
    }

    /** A content about to be written (or found already there): derived, beside the one written before. */
    public void writing(String key, List<BackendResource> content) {
        writing(key, ContentHash.of(content));
    }

    /** As {@link #writing(String, List)}, from the content's {@link ContentHash}. */
    public void writing(String key, String hash) {
        hashes.compute(key, (k, known) -> new Known(known == null ? null : known.written(), hash));
    }

    /** A content written (or found there): now the only one derived for the Translation. */
    public void written(String key, List<BackendResource> content) {
        written(key, ContentHash.of(content));
    }

    /** As {@link #written(String, List)}, from the content's {@link ContentHash}. */
    public void written(String key, String hash) {
        hashes.put(key, new Known(hash, null));
    }

    /** The Translation is derived no more (deleted, or its content is empty). */
    public void removed(String key) {
        hashes.remove(key);
    }

    /** The translation controller has derived the whole cluster and written it. */
    public void synced() {
        synced = true;
        onSynced.forEach(Runnable::run);
    }

    public boolean isSynced() {
        return synced;
    }

    /** Whether the translation controller derived this content of this Translation. */
    public Verdict check(String key, List<BackendResource> content) {
        return trusting ? Verdict.DERIVED : check(key, ContentHash.of(content));
    }

    /** Whether the translation controller derived the content of this hash ({@link ContentHash}) of this Translation. */
    public Verdict check(String key, String hash) {
        if (trusting) {
            return Verdict.DERIVED;
        }
        Known known = hashes.get(key);
        if (known != null && known.holds(hash)) {
            return Verdict.DERIVED;
        }
        return synced ? Verdict.NOT_DERIVED : Verdict.UNKNOWN_YET;
    }

    /** Calls back once synced (or at once if synced already). */
    public void whenSynced(Runnable callback) {
        onSynced.add(callback);
        if (synced) {
            callback.run();
        }
    }

    /** Reports a Translation found with a content nobody here derived (the translation controller sets it right). */
    public void reportNotDerived(String key) {
        onNotDerived.forEach(listener -> listener.accept(key));
    }

    /** Listens to {@link #reportNotDerived}. */
    public void onNotDerived(Consumer<String> listener) {
        onNotDerived.add(listener);
    }
}

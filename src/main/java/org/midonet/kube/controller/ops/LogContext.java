package org.midonet.kube.controller.ops;

import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The Kubernetes object a thread is working on, for the logs. {@link #with} records its namespace and name for the
 * duration of a piece of work, in a thread-local and in the slf4j MDC (keys {@value #NAMESPACE} and {@value #NAME});
 * {@link ContextLogger} starts every line logged meanwhile with "namespace/name: ".
 *
 * <p>Why both: slf4j-simple, the logging backend shipped, has no MDC at all (its MDC adapter drops everything), so
 * the object has to be in the message text to appear, and is kept here; a deployment that swaps in logback or log4j2
 * can also print the MDC keys as separate (e.g. JSON) fields. Nested calls stack: the inner object wins and the
 * outer one is restored afterwards.
 */
public final class LogContext {
    public static final String NAMESPACE = "k8s.namespace";
    public static final String NAME = "k8s.name";

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private LogContext() {
    }

    /** Runs work with the object namespace/name (namespace null or empty for cluster-scoped objects, e.g. Nodes). */
    public static void with(String namespace, String name, Runnable work) {
        with(namespace, name, () -> {
            work.run();
            return null;
        });
    }

    /** Computes a value with the object namespace/name in the context. */
    public static <T> T with(String namespace, String name, Supplier<T> work) {
        String outer = CURRENT.get();
        String outerNamespace = MDC.get(NAMESPACE);
        String outerName = MDC.get(NAME);
        CURRENT.set(name == null || name.isEmpty() ? null : namespace == null || namespace.isEmpty() ? name : namespace + "/" + name);
        put(NAMESPACE, namespace);
        put(NAME, name);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
            put(NAMESPACE, outerNamespace);
            put(NAME, outerName);
        }
    }

    /** "namespace/name", "name" for a cluster-scoped object, or "" outside any {@link #with}. */
    public static String current() {
        String object = CURRENT.get();
        return object == null ? "" : object;
    }

    private static void put(String key, String value) {
        if (value == null || value.isEmpty()) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}

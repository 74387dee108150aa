package org.midonet.kube.common;

import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The Kubernetes object a thread is working on, for the logs. {@link #with} puts its namespace and name in the
 * slf4j MDC (keys {@value #NAMESPACE} and {@value #NAME}) for the duration of a piece of work; the logging
 * backend prints them on every line logged meanwhile (logback.xml: "... LoggerName [namespace/name] - message"),
 * so messages do not repeat the object. Nested calls stack: the inner object wins and the outer one is restored
 * afterwards.
 */
public final class LogContext {
    public static final String NAMESPACE = "k8s.namespace";
    public static final String NAME = "k8s.name";

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
        String outerNamespace = MDC.get(NAMESPACE);
        String outerName = MDC.get(NAME);
        put(NAMESPACE, namespace);
        put(NAME, name);
        try {
            return work.get();
        } finally {
            put(NAMESPACE, outerNamespace);
            put(NAME, outerName);
        }
    }

    /** "namespace/name", "name" for a cluster-scoped object, or "" outside any {@link #with}. */
    public static String current() {
        String namespace = MDC.get(NAMESPACE);
        String name = MDC.get(NAME);
        if (name == null) {
            return "";
        }
        return namespace == null ? name : namespace + "/" + name;
    }

    private static void put(String key, String value) {
        if (value == null || value.isEmpty()) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}

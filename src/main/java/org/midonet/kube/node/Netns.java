package org.midonet.kube.node;

import java.nio.file.Path;

/**
 * A network namespace, named by the path of its file (/var/run/netns/NAME, /proc/PID/ns/net), or the
 * namespace this process runs in.
 */
public record Netns(Path path) {
    /** The namespace of this process. */
    public static final Netns CURRENT = new Netns(null);

    public Netns {
        if (path != null && !(path.isAbsolute() && path.normalize().equals(path))) {
            throw new IllegalArgumentException("a network namespace is an absolute path without . or .., not '" + path + "'");
        }
    }

    public static Netns of(Path path) {
        return new Netns(path);
    }

    /** The namespace that `ip netns add NAME` made. */
    public static Netns named(String name) {
        return new Netns(Path.of("/var/run/netns", name));
    }

    public boolean isCurrent() {
        return path == null;
    }

    /** The name `ip netns` knows this namespace by (its file is in /var/run/netns or /run/netns), or null. */
    String ipNetnsName() {
        if (path == null || path.getParent() == null) {
            return null;
        }
        String dir = path.getParent().toString();
        return dir.equals("/var/run/netns") || dir.equals("/run/netns") ? path.getFileName().toString() : null;
    }

    @Override
    public String toString() {
        return path == null ? "(this namespace)" : path.toString();
    }
}

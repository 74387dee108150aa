package org.midonet.kube.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** The command line that runs argv inside this namespace: nsenter for another namespace. */
    List<String> enter(List<String> argv) {
        if (path == null) {
            return argv;
        }
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + path, "--"));
        command.addAll(argv);
        return command;
    }

    @Override
    public String toString() {
        return path == null ? "(this namespace)" : path.toString();
    }
}

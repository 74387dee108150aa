package org.midonet.kube.cni;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.midonet.kube.node.PodMac;

/**
 * The CNI_* variables of one invocation, validated: a value that does not follow the specification is
 * refused with code 4 before anything uses it.
 */
record CniRequest(Command command, String containerId, Path netns, String ifName, Map<String, String> args,
        List<Path> path) {

    enum Command { ADD, DEL, CHECK, VERSION }

    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_.\\-]{0,14}");
    static final String POD_NAMESPACE = "K8S_POD_NAMESPACE";
    static final String POD_NAME = "K8S_POD_NAME";

    static CniRequest fromEnvironment(Map<String, String> env) throws CniError {
        Command command = command(env.get("CNI_COMMAND"));
        if (command == Command.VERSION) {
            return new CniRequest(command, null, null, null, Map.of(), List.of());
        }
        String containerId = require(env, "CNI_CONTAINERID");
        if (containerId.length() > 256 || !PodMac.CONTAINER_ID.matcher(containerId).matches()) {
            throw invalid("CNI_CONTAINERID must start with a letter or digit followed by letters, digits, _, . or -");
        }
        String ifName = require(env, "CNI_IFNAME");
        checkInterfaceName(ifName);
        Path netns = netns(env.get("CNI_NETNS"), command != Command.DEL);
        return new CniRequest(command, containerId, netns, ifName, args(env.get("CNI_ARGS")),
                searchPath(require(env, "CNI_PATH")));
    }

    /** The Pod's namespace and name from CNI_ARGS (the kubelet sets them), or null when absent. */
    String podNamespace() throws CniError {
        return podArg(POD_NAMESPACE, true);
    }

    String podName() throws CniError {
        return podArg(POD_NAME, false);
    }

    boolean hasPod() {
        return args.containsKey(POD_NAMESPACE) && args.containsKey(POD_NAME);
    }

    private String podArg(String key, boolean namespace) throws CniError {
        String value = args.get(key);
        if (value == null) {
            throw invalid("CNI_ARGS has no " + key + ": this plugin serves Kubernetes Pods");
        }
        try {
            if (namespace) {
                PodMac.checkNamespace(value);
            } else {
                PodMac.checkName(value);
            }
        } catch (IllegalArgumentException e) {
            throw invalid("CNI_ARGS " + key + ": " + e.getMessage());
        }
        return value;
    }

    private static Command command(String value) throws CniError {
        if (value == null || value.isEmpty()) {
            throw invalid("CNI_COMMAND is not set");
        }
        for (Command c : Command.values()) {
            if (c.name().equals(value)) {
                return c;
            }
        }
        throw invalid("CNI_COMMAND '" + printable(value) + "' is not ADD, DEL, CHECK or VERSION");
    }

    private static String require(Map<String, String> env, String name) throws CniError {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            throw invalid(name + " is not set");
        }
        return value;
    }

    /**
     * The specification's interface name is 1 to 15 characters, not . or .., without /, : or white space;
     * this plugin also refuses what a shell or ip could misread: letters, digits, _, . and - only, not first -.
     */
    static void checkInterfaceName(String name) throws CniError {
        if (!INTERFACE_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw invalid("CNI_IFNAME must be 1 to 15 letters, digits, _, . or -, starting with a letter, digit or _");
        }
    }

    private static Path netns(String value, boolean required) throws CniError {
        if (value == null || value.isEmpty()) {
            if (required) {
                throw invalid("CNI_NETNS is not set");
            }
            return null;
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw invalid("CNI_NETNS is not a path");
        }
        if (!path.isAbsolute() || !path.normalize().equals(path)) {
            throw invalid("CNI_NETNS must be an absolute path without . or ..");
        }
        if (required && !Files.exists(path)) {
            throw new CniError(CniError.UNKNOWN_CONTAINER, "the network namespace " + value + " does not exist");
        }
        return path;
    }

    /** "K1=V1;K2=V2", keys and values without ; or =. */
    private static Map<String, String> args(String value) throws CniError {
        Map<String, String> args = new LinkedHashMap<>();
        if (value == null || value.isEmpty()) {
            return args;
        }
        for (String pair : value.split(";", -1)) {
            int eq = pair.indexOf('=');
            if (pair.isEmpty()) {
                continue;
            }
            if (eq <= 0 || pair.indexOf('=', eq + 1) >= 0) {
                throw invalid("CNI_ARGS must be KEY=VALUE pairs separated by ;");
            }
            args.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return args;
    }

    private static List<Path> searchPath(String value) throws CniError {
        List<Path> dirs = new ArrayList<>();
        for (String dir : value.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path path = Path.of(dir);
                if (path.isAbsolute()) {
                    dirs.add(path);
                }
            } catch (InvalidPathException e) {
                // not a directory anyone could have meant
            }
        }
        if (dirs.isEmpty()) {
            throw invalid("CNI_PATH names no absolute directory");
        }
        return List.copyOf(dirs);
    }

    private static CniError invalid(String message) {
        return new CniError(CniError.INVALID_ENVIRONMENT, message);
    }

    /** A value safe to echo in a message: printable ASCII only, at most 64 characters. */
    static String printable(String value) {
        StringBuilder s = new StringBuilder();
        for (char c : value.toCharArray()) {
            s.append(c >= ' ' && c < 0x7f ? c : '?');
            if (s.length() == 64) {
                return s + "...";
            }
        }
        return s.toString();
    }
}

package org.midonet.kube.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link NetworkPlumbing} by running iproute2's `ip` (JSON output for queries), entering other namespaces
 * with nsenter. Programs are found in the system directories, not through $PATH, which the caller controls.
 */
public final class Iproute2 implements NetworkPlumbing {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ip;
    private final String nsenter;

    public Iproute2() {
        this(systemProgram("ip"), systemProgram("nsenter"));
    }

    Iproute2(String ip, String nsenter) {
        this.ip = ip;
        this.nsenter = nsenter;
    }

    /** The absolute path of a program in the system directories, or its bare name when none has it. */
    public static String systemProgram(String name) {
        for (String dir : SYSTEM_DIRS) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return name;
    }

    @Override
    public Optional<Link> link(Netns ns, String name) {
        Processes.Outcome outcome = run(ns, "-j", "addr", "show", "dev", name);
        if (!outcome.ok()) {
            if (outcome.stderr().contains("does not exist")) {
                return Optional.empty();
            }
            throw failure(ns, List.of("addr", "show", "dev", name), outcome);
        }
        JsonNode links = parse(outcome.stdout());
        if (!links.isArray() || links.isEmpty()) {
            return Optional.empty();
        }
        JsonNode link = links.get(0);
        boolean up = false;
        for (JsonNode flag : link.path("flags")) {
            up |= flag.asText().equals("UP");
        }
        List<String> addresses = new ArrayList<>();
        for (JsonNode address : link.path("addr_info")) {
            if (address.path("family").asText().equals("inet")) {
                addresses.add(address.path("local").asText() + "/" + address.path("prefixlen").asInt());
            }
        }
        return Optional.of(new Link(link.path("ifname").asText(), link.path("address").asText(), up, addresses,
                link.path("mtu").asInt(0)));
    }

    @Override
    public void addVethPair(Netns ns, String name, String mac, Netns peerNs, String peerName, String peerMac, int mtu) {
        List<String> args = new ArrayList<>(List.of("link", "add", name));
        if (mac != null) {
            args.addAll(List.of("address", mac));
        }
        if (mtu > 0) {
            args.addAll(List.of("mtu", Integer.toString(mtu)));
        }
        args.addAll(List.of("type", "veth", "peer", "name", peerName));
        if (peerMac != null) {
            args.addAll(List.of("address", peerMac));
        }
        if (mtu > 0) {
            args.addAll(List.of("mtu", Integer.toString(mtu)));
        }
        if (!peerNs.equals(ns)) {
            if (peerNs.isCurrent()) {
                throw new IllegalArgumentException("the peer of a veth made in another namespace needs a namespace path");
            }
            args.addAll(List.of("netns", peerNs.path().toString()));
        }
        check(ns, args);
    }

    @Override
    public boolean deleteLink(Netns ns, String name) {
        Processes.Outcome outcome = run(ns, "link", "del", "dev", name);
        if (outcome.ok()) {
            return true;
        }
        if (outcome.stderr().contains("Cannot find device") || outcome.stderr().contains("does not exist")) {
            return false;
        }
        throw failure(ns, List.of("link", "del", "dev", name), outcome);
    }

    @Override
    public void setUp(Netns ns, String name) {
        check(ns, List.of("link", "set", "dev", name, "up"));
    }

    @Override
    public void setMtu(Netns ns, String name, int mtu) {
        check(ns, List.of("link", "set", "dev", name, "mtu", Integer.toString(mtu)));
    }

    @Override
    public void addAddress(Netns ns, String name, String cidr) {
        check(ns, List.of("addr", "add", cidr, "dev", name));
    }

    @Override
    public void deleteAddress(Netns ns, String name, String cidr) {
        check(ns, List.of("addr", "del", cidr, "dev", name));
    }

    @Override
    public void replaceRoute(Netns ns, KernelRoute route) {
        check(ns, routeArgs("replace", route));
    }

    @Override
    public boolean deleteRoute(Netns ns, KernelRoute route) {
        List<String> args = routeArgs("del", route);
        Processes.Outcome outcome = run(ns, args.toArray(String[]::new));
        if (outcome.ok()) {
            return true;
        }
        if (outcome.stderr().contains("No such process") || outcome.stderr().contains("Cannot find device")) {
            return false;
        }
        throw failure(ns, args, outcome);
    }

    @Override
    public List<KernelRoute> routes(Netns ns) {
        Processes.Outcome outcome = run(ns, "-j", "-4", "route", "show", "table", "main");
        if (!outcome.ok()) {
            throw failure(ns, List.of("-4", "route", "show"), outcome);
        }
        List<KernelRoute> routes = new ArrayList<>();
        for (JsonNode route : parse(outcome.stdout())) {
            String dst = route.path("dst").asText();
            if (dst.equals("default")) {
                dst = "0.0.0.0/0";
            } else if (!dst.contains("/")) {
                dst = dst + "/32";
            }
            String gateway = route.hasNonNull("gateway") ? route.get("gateway").asText() : null;
            routes.add(new KernelRoute(dst, gateway, route.path("dev").asText(null)));
        }
        return routes;
    }

    private static List<String> routeArgs(String verb, KernelRoute route) {
        List<String> args = new ArrayList<>(List.of("route", verb, route.destination()));
        if (route.gateway() != null) {
            args.addAll(List.of("via", route.gateway()));
        }
        if (route.device() != null) {
            args.addAll(List.of("dev", route.device()));
        }
        return args;
    }

    private void check(Netns ns, List<String> args) {
        Processes.Outcome outcome = run(ns, args.toArray(String[]::new));
        if (!outcome.ok()) {
            throw failure(ns, args, outcome);
        }
    }

    /**
     * ip in another namespace: `ip -n NAME` for one that `ip netns` names (one program run), else through
     * nsenter (two).
     */
    private Processes.Outcome run(Netns ns, String... args) {
        List<String> argv = new ArrayList<>();
        if (ns.isCurrent()) {
            argv.add(ip);
        } else if (ns.ipNetnsName() != null) {
            argv.addAll(List.of(ip, "-n", ns.ipNetnsName()));
        } else {
            argv.addAll(List.of(nsenter, "--net=" + ns.path(), "--", ip));
        }
        argv.addAll(List.of(args));
        try {
            return Processes.run(argv, TIMEOUT);
        } catch (IOException e) {
            throw new PlumbingException("cannot run ip " + String.join(" ", args) + " in " + ns + ": " + e.getMessage(), e);
        }
    }

    private static PlumbingException failure(Netns ns, List<String> args, Processes.Outcome outcome) {
        return new PlumbingException("ip " + String.join(" ", args) + " in " + ns + " failed: " + outcome.stderr().strip());
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json.isBlank() ? "[]" : json);
        } catch (IOException e) {
            throw new PlumbingException("ip printed JSON that does not parse: " + e.getMessage(), e);
        }
    }
}

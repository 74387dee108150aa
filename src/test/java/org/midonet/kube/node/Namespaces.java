package org.midonet.kube.node;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Real network namespaces for tests, made with `ip netns add` under unique names and deleted by
 * {@link #close()} (call it from @AfterEach; it runs whether the test passed or not). Tests that need them
 * are skipped, with the reason, where `ip netns` is not permitted.
 */
public final class Namespaces implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static String unavailable;
    private static boolean probed;

    private final List<String> names = new ArrayList<>();

    /** Skips the calling test unless this machine lets us make network namespaces. */
    public static synchronized void assumeAvailable() {
        if (!probed) {
            probed = true;
            String name = "mkt-probe-" + UUID.randomUUID().toString().substring(0, 8);
            try {
                Processes.Outcome add = Processes.run(List.of(Iproute2.systemProgram("ip"), "netns", "add", name), TIMEOUT);
                if (!add.ok()) {
                    unavailable = "`ip netns add` is not permitted here: " + add.stderr().strip();
                } else {
                    Processes.run(List.of(Iproute2.systemProgram("ip"), "netns", "del", name), TIMEOUT);
                }
            } catch (IOException e) {
                unavailable = "`ip` cannot run here: " + e.getMessage();
            }
        }
        assumeTrue(unavailable == null, () -> "Skipped: network namespace tests need root and iproute2; " + unavailable);
    }

    /** A new namespace named prefix-XXXXXXXX, with its loopback up. */
    public Netns create(String prefix) throws IOException {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        ip("netns", "add", name);
        names.add(name);
        ip("-n", name, "link", "set", "lo", "up");
        return Netns.named(name);
    }

    /** Deletes a namespace early (a Pod that went away). */
    public void delete(Netns ns) throws IOException {
        String name = ns.path().getFileName().toString();
        names.remove(name);
        ip("netns", "del", name);
    }

    private static void ip(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Iproute2.systemProgram("ip")));
        argv.addAll(List.of(args));
        Processes.Outcome outcome = Processes.run(argv, TIMEOUT);
        if (!outcome.ok()) {
            throw new IOException(String.join(" ", argv) + ": " + outcome.stderr().strip());
        }
    }

    @Override
    public void close() {
        for (String name : List.copyOf(names)) {
            try {
                ip("netns", "del", name);
            } catch (IOException e) {
                System.err.println("cannot delete the test network namespace " + name + ": " + e.getMessage());
            }
        }
        names.clear();
    }
}

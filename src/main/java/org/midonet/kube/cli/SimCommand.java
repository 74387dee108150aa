package org.midonet.kube.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.midonet.kube.sim.AuthMode;
import org.midonet.kube.sim.HostSeeds;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Runs the MidoNet REST API emulator until interrupted. */
@Command(name = "sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an emulator of the MidoNet REST API (the parts midonet-kube uses) until interrupted.",
            "The API is at /midonet-api; the emulator's control API (state, reset, stats, faults, hosts) at /_admin."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped after an interrupt", "1:could not start (port in use, bad hosts file, ...)",
            "2:bad command line"})
public final class SimCommand implements Callable<Integer> {
    static final int CANNOT_START = 1;

    enum Auth { mock, basic }

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8181",
            description = "The port to listen on; 0 for any free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--hosts", paramLabel = "FILE",
            description = "A YAML or JSON list of hosts to seed: {id, name, addresses, alive}; id defaults as for --host.")
    Path hostsFile;

    @Option(names = "--host", paramLabel = "NAME[=UUID]",
            description = "A host to seed; repeatable. Without a UUID the id is derived from the name, always the same.")
    List<String> hostFlags = new ArrayList<>();

    @Option(names = "--auth", paramLabel = "MODE", defaultValue = "mock",
            description = "mock: any credentials log in (MidoNet's default); basic: only --username/--password. "
                    + "Default: ${DEFAULT-VALUE}.")
    Auth auth;

    @Option(names = "--username", paramLabel = "NAME", defaultValue = "admin",
            description = "The user name --auth basic accepts. Default: ${DEFAULT-VALUE}.")
    String username;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "The password --auth basic accepts.")
    String password;

    @Option(names = "--fail-rate", paramLabel = "FRACTION", defaultValue = "0",
            description = "Fraction (0..1) of API requests answered 500 or 503 without doing anything.")
    double failRate;

    @Option(names = "--drop-rate", paramLabel = "FRACTION", defaultValue = "0",
            description = "Fraction (0..1) of API requests whose connection is closed without an answer.")
    double dropRate;

    @Option(names = "--latency-ms", paramLabel = "MILLIS", defaultValue = "0",
            description = "Milliseconds added to every API request.")
    long latencyMillis;

    @Option(names = "--token-ttl", paramLabel = "SECONDS", defaultValue = "0",
            description = "Lifetime of login tokens; expired tokens get 401 (also with --auth mock). 0: never expire.")
    long tokenTtlSeconds;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "Seed of the random choices (faults, generated ids and MACs), for reproducible runs.")
    Long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SimOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return CANNOT_START;
        }
        MidonetSim sim;
        try {
            sim = MidonetSim.start(options);
        } catch (BindException e) {
            err.println("error: cannot listen on " + bind + ":" + port + ": " + e.getMessage()
                    + " (is another emulator or MidoNet API running there?)");
            err.flush();
            return CANNOT_START;
        } catch (IOException | RuntimeException e) {
            err.println("error: cannot listen on " + bind + ":" + port + ": " + e);
            err.flush();
            return CANNOT_START;
        }
        printBanner(out, sim);
        return runUntilInterrupted(sim);
    }

    /** The emulator's options from the command line; IllegalArgumentException for a bad hosts file or flag. */
    SimOptions options() {
        validate();
        SimOptions.Builder builder = SimOptions.builder().bind(bind).port(port).failRate(failRate).dropRate(dropRate)
                .latencyMillis(latencyMillis).tokenTtlSeconds(tokenTtlSeconds).seed(seed);
        if (auth == Auth.basic) {
            builder.basicAuth(username, password);
        }
        if (hostsFile != null) {
            builder.hosts(HostSeeds.read(hostsFile));
        }
        for (String flag : hostFlags) {
            builder.host(HostSeeds.fromFlag(flag));
        }
        return builder.build();
    }

    private void validate() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, not " + port);
        }
        if (auth == Auth.basic && password == null) {
            throw new ParameterException(spec.commandLine(), "--auth basic needs --password");
        }
        rate("--fail-rate", failRate);
        rate("--drop-rate", dropRate);
        if (latencyMillis < 0 || tokenTtlSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--latency-ms and --token-ttl must not be negative");
        }
    }

    private void rate(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new ParameterException(spec.commandLine(), option + " must be between 0 and 1, not " + value);
        }
    }

    private void printBanner(PrintWriter out, MidonetSim sim) {
        SimOptions options = sim.options();
        out.println("MidoNet API emulator listening on " + sim.apiUri());
        out.println("  control API: " + sim.adminUri() + " (state, reset, stats, faults, hosts)");
        out.println("  authentication: " + (options.auth() == AuthMode.MOCK
                ? "mock (any user name and password)" : "basic (user " + options.username() + ")"));
        if (options.hosts().isEmpty()) {
            out.println("  hosts: none (seed some with --host NAME or --hosts FILE)");
        }
        for (SimHost host : options.hosts()) {
            out.println("  host: " + host.name() + " " + host.id() + (host.addresses().isEmpty() ? ""
                    : " " + String.join(",", host.addresses())) + (host.alive() ? "" : " (not alive)"));
        }
        StringJoiner faults = new StringJoiner(", ");
        if (failRate > 0) {
            faults.add("fail rate " + failRate);
        }
        if (dropRate > 0) {
            faults.add("drop rate " + dropRate);
        }
        if (latencyMillis > 0) {
            faults.add("latency " + latencyMillis + " ms");
        }
        if (tokenTtlSeconds > 0) {
            faults.add("token lifetime " + tokenTtlSeconds + " s");
        }
        out.println("  faults: " + (faults.length() == 0 ? "none" : faults) + (seed == null ? "" : "; seed " + seed));
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** Serves until the JVM is asked to stop or this thread is interrupted. */
    private static int runUntilInterrupted(MidonetSim sim) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "midonet-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sim.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
        }
        return 0;
    }
}

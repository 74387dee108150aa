package org.midonet.kube.sim;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An emulator of the MidoNet REST API (midonet-api 5.x) for the resources midonet-kube uses, on the JDK's HTTP
 * server: the MidoNet API at {@code /midonet-api}, the emulator's own control API at {@code /_admin} (see
 * {@link AdminApi}). Start it, point a client at {@link #apiUri()}, read what the client did through
 * {@link #state()} and {@link #stats()}, and inject faults through {@link #faults()}.
 *
 * <pre>{@code
 * try (MidonetSim sim = MidonetSim.start(SimOptions.builder().port(0).host(SimHost.named("node-1")).build())) {
 *     URI api = sim.apiUri();            // http://127.0.0.1:PORT/midonet-api
 *     ...
 *     sim.state().count(ResourceKind.ROUTER);
 *     sim.stats().writes();
 * }
 * }</pre>
 */
public final class MidonetSim implements AutoCloseable {
    static {
        // The JDK server writes headers and body apart; without TCP_NODELAY each answer with a body waits for the
        // client's delayed ACK (about 40 ms). Read once, when the first HttpServer is made.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SimOptions options;
    private final SimState state;
    private final Faults faults;
    private final Stats stats = new Stats();
    private final ApiDispatcher dispatcher;
    private HttpServer server;
    private ExecutorService executor;

    public MidonetSim(SimOptions options) {
        this.options = options;
        Long seed = options.seed();
        this.state = new SimState(seed == null ? new Random() : new Random(seed ^ 0x5DEECE66DL));
        this.faults = new Faults(seed, System::currentTimeMillis);
        faults.setFailRate(options.failRate());
        faults.setDropRate(options.dropRate());
        faults.setLatencyMillis(options.latencyMillis());
        faults.setTokenTtlSeconds(options.tokenTtlSeconds());
        options.hosts().forEach(state::putHost);
        Authenticator auth = new Authenticator(options.auth(), options.username(), options.password(), faults,
                System::currentTimeMillis);
        this.dispatcher = new ApiDispatcher(state, auth, MidonetApi.endpoints(options.portIdInLinkFails()));
    }

    /** Creates an emulator and starts it. */
    public static MidonetSim start(SimOptions options) throws IOException {
        MidonetSim sim = new MidonetSim(options);
        sim.start();
        return sim;
    }

    /** Starts listening; throws java.net.BindException when the address is in use. */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("the emulator is running already");
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(options.bind()), options.port()), 64);
        executor = Executors.newCachedThreadPool(daemonThreads());
        http.setExecutor(executor);
        http.createContext("/", new SimHttpHandler(dispatcher, new AdminApi(this), faults, stats));
        http.start();
        server = http;
        state.baseUri(apiUri().toString());
    }

    /** The port listened on (the actual one when started with port 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("the emulator is not running");
        }
        return server.getAddress().getPort();
    }

    /** The API root, e.g. http://127.0.0.1:8181/midonet-api. */
    public URI apiUri() {
        return URI.create(root() + SimHttpHandler.API_PATH);
    }

    /** The control API root, e.g. http://127.0.0.1:8181/_admin. */
    public URI adminUri() {
        return URI.create(root() + SimHttpHandler.ADMIN_PATH);
    }

    private String root() {
        String host = options.bind();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "localhost";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    public SimOptions options() {
        return options;
    }

    /** What the emulator stores, for reading in tests. */
    public SimState state() {
        return state;
    }

    /** The faults injected from now on; change them at will. */
    public Faults faults() {
        return faults;
    }

    /** The request counts so far. */
    public SimStats stats() {
        return stats.snapshot();
    }

    public void resetStats() {
        stats.reset();
    }

    /** Clears everything but the hosts, and zeroes the stats. Faults and tokens stay. */
    public void reset() {
        state.reset();
        stats.reset();
    }

    /** Adds a host, or replaces the one with the same id. */
    public void addHost(SimHost host) {
        state.putHost(host);
    }

    /** Removes a host as if its agent were gone for good: with its tunnel zone memberships and port bindings. */
    public void removeHost(UUID id) {
        state.removeHost(id);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "midonet-sim-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

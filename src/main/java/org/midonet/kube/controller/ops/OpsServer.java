package org.midonet.kube.controller.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations port of the controllers (9453, as the original's): Prometheus metrics, liveness and readiness
 * probes, and the JVM's counterparts of the original's pprof endpoints.
 *
 * <pre>
 * GET /metrics         Prometheus text format (OpenMetrics when the scraper asks for it)
 * GET /healthz         200 "ok" while the process runs (and its liveness check, if any, passes), else 503
 * GET /readyz          200 "ok" when the readiness check passes, else 503 with the reason
 * GET /debug/          the list of debug endpoints
 * GET /debug/threads   a thread dump (like jstack)
 * GET /debug/heap      a class histogram of the live heap (like jcmd GC.class_histogram; runs a full GC)
 * </pre>
 *
 * The debug endpoints show internals (thread names, class names) but no secrets. They are off unless
 * {@link Builder#debugEndpoints(boolean)} turns them on, and even then answer only clients on the loopback address
 * (with hostNetwork: processes of the node itself, or kubectl port-forward), 403 to any other: the metrics and the
 * probes must be reachable from Prometheus and the kubelet, the debug endpoints need not be. /debug/heap, which
 * pauses the process for a full GC, runs one at a time and at most once per {@link Builder#heapInterval(Duration)}
 * (default 60 s, from the end of the last one); a request in between is answered 429 with Retry-After.
 */
public final class OpsServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 9453;
    public static final String DEFAULT_BIND = "0.0.0.0";
    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String HEAP = "/debug/heap";

    private final String bind;
    private final int requestedPort;
    private final PrometheusMeterRegistry registry;
    private final ReadinessCheck readiness;
    private final ReadinessCheck liveness;
    private final Map<String, Endpoint> debug = new LinkedHashMap<>();
    private final long heapIntervalNanos;
    private final LongSupplier nanoTime;
    private final Object heapLock = new Object();
    private boolean heapRunning;
    private long lastHeapEnd;
    private boolean heapEverRun;
    private volatile boolean shuttingDown;
    private HttpServer server;
    private ExecutorService executor;

    private record Endpoint(String description, Supplier<String> body) {
    }

    private OpsServer(Builder builder) {
        this.bind = builder.bind;
        this.requestedPort = builder.port;
        this.registry = builder.registry;
        this.readiness = builder.readiness;
        this.liveness = builder.liveness;
        this.heapIntervalNanos = builder.heapInterval.toNanos();
        this.nanoTime = builder.nanoTime;
        if (builder.debugEndpoints) {
            debug.put("/debug/threads", new Endpoint("thread dump", JvmDiagnostics::threadDump));
            debug.put(HEAP, new Endpoint("class histogram of the live heap (runs a full GC; at most once per "
                    + builder.heapInterval.toSeconds() + " s)", builder.heapHistogram));
        }
    }

    public static Builder builder(PrometheusMeterRegistry registry) {
        return new Builder(registry);
    }

    /** Listens and serves; a port already in use is an IOException that names it. */
    public synchronized OpsServer start() throws IOException {
        if (server != null) {
            return this;
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(bind, requestedPort), 0);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + bind + ":" + requestedPort + " for metrics and probes: "
                    + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ops-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
        server = http;
        LOG.info("serving /metrics, /healthz, /readyz{} on {}:{}",
                debug.isEmpty() ? "" : " and /debug/ (to loopback clients only)", bind, port());
        return this;
    }

    /** The port listened on (the chosen one when 0 was asked for). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    /** The base URL, e.g. http://127.0.0.1:9453 (the loopback address when bound to all addresses). */
    public URI uri() {
        String host = "0.0.0.0".equals(bind) || "::".equals(bind) ? "127.0.0.1" : bind;
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** From now on /readyz answers 503 "shutting down", so that no new work is routed here while components stop. */
    public void markShuttingDown() {
        shuttingDown = true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, TEXT, method + " is not allowed; use GET\n");
                return;
            }
            route(exchange, exchange.getRequestURI().getPath());
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private void route(HttpExchange exchange, String path) throws IOException {
        switch (path) {
            case "/metrics" -> metrics(exchange);
            case "/healthz" -> probe(exchange, liveness, "not alive");
            case "/readyz" -> readyz(exchange);
            case "/debug", "/debug/" -> {
                if (debug.isEmpty()) {
                    respond(exchange, 404, TEXT, "the debug endpoints are turned off\n");
                } else if (refusedAsRemote(exchange)) {
                    return;
                } else {
                    respond(exchange, 200, TEXT, index());
                }
            }
            default -> {
                Endpoint endpoint = debug.get(path);
                if (endpoint == null) {
                    respond(exchange, 404, TEXT, "no such endpoint: " + path + "; try /metrics, /healthz, /readyz"
                            + (debug.isEmpty() ? "" : " or /debug/") + "\n");
                } else if (!refusedAsRemote(exchange)) {
                    if (HEAP.equals(path)) {
                        heap(exchange, endpoint);
                    } else {
                        debugEndpoint(exchange, endpoint);
                    }
                }
            }
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        if (accept != null && accept.contains("application/openmetrics-text")) {
            respond(exchange, 200, OPENMETRICS_TEXT, registry.scrape(OPENMETRICS_TEXT));
        } else {
            respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
        }
    }

    private void readyz(HttpExchange exchange) throws IOException {
        if (shuttingDown) {
            respond(exchange, 503, TEXT, "not ready: shutting down\n");
        } else {
            probe(exchange, readiness, "not ready");
        }
    }

    private static void probe(HttpExchange exchange, ReadinessCheck check, String failure) throws IOException {
        ReadinessCheck.Status status;
        try {
            status = check.check();
        } catch (RuntimeException e) {
            status = ReadinessCheck.Status.notReady("the check failed: " + e);
        }
        if (status.ready()) {
            respond(exchange, 200, TEXT, "ok\n");
        } else {
            respond(exchange, 503, TEXT, failure + ": " + status.reason() + "\n");
        }
    }

    /** Whether the client is not on the loopback address, in which case it has been answered 403. */
    private static boolean refusedAsRemote(HttpExchange exchange) throws IOException {
        if (isLoopback(exchange.getRemoteAddress())) {
            return false;
        }
        respond(exchange, 403, TEXT, "the debug endpoints answer only on the loopback address (e.g. through"
                + " kubectl port-forward)\n");
        return true;
    }

    static boolean isLoopback(InetSocketAddress client) {
        InetAddress address = client == null ? null : client.getAddress();
        return address != null && address.isLoopbackAddress();
    }

    /** The class histogram, one at a time and at most once per interval: each runs a full GC. */
    private void heap(HttpExchange exchange, Endpoint endpoint) throws IOException {
        long wait;
        synchronized (heapLock) {
            long now = nanoTime.getAsLong();
            long since = now - lastHeapEnd;
            if (heapRunning) {
                wait = Math.max(1, heapIntervalNanos / 1_000_000_000L);
            } else if (heapEverRun && since < heapIntervalNanos) {
                wait = Math.max(1, (heapIntervalNanos - since + 999_999_999L) / 1_000_000_000L);
            } else {
                wait = 0;
                heapRunning = true;
            }
        }
        if (wait > 0) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(wait));
            respond(exchange, 429, TEXT, "a class histogram runs a full GC: at most one at a time and one per "
                    + heapIntervalNanos / 1_000_000_000L + " s; try again in " + wait + " s\n");
            return;
        }
        try {
            debugEndpoint(exchange, endpoint);
        } finally {
            synchronized (heapLock) {
                heapRunning = false;
                heapEverRun = true;
                lastHeapEnd = nanoTime.getAsLong();
            }
        }
    }

    private void debugEndpoint(HttpExchange exchange, Endpoint endpoint) throws IOException {
        String body;
        try {
            body = endpoint.body().get();
        } catch (RuntimeException e) {
            respond(exchange, 500, TEXT, "cannot produce the " + endpoint.description() + ": " + e.getMessage() + "\n");
            return;
        }
        respond(exchange, 200, TEXT, body);
    }

    private String index() {
        StringBuilder text = new StringBuilder("midonet-kube debug endpoints:\n");
        debug.forEach((path, endpoint) ->
                text.append("  ").append(path).append("  ").append(endpoint.description()).append('\n'));
        text.append("also: /metrics, /healthz, /readyz\n");
        return text.toString();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops listening at once; requests in progress are cut. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Options of an {@link OpsServer}. */
    public static final class Builder {
        private final PrometheusMeterRegistry registry;
        private String bind = DEFAULT_BIND;
        private int port = DEFAULT_PORT;
        private ReadinessCheck readiness = ReadinessCheck.alwaysReady();
        private ReadinessCheck liveness = ReadinessCheck.alwaysReady();
        private boolean debugEndpoints;
        private Duration heapInterval = Duration.ofSeconds(60);
        private Supplier<String> heapHistogram = JvmDiagnostics::classHistogram;
        private LongSupplier nanoTime = System::nanoTime;

        private Builder(PrometheusMeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * The address to listen on; default 0.0.0.0 so that Prometheus and the kubelet (whose httpGet probes go to
         * the pod's address, the node's with hostNetwork) reach /metrics, /healthz and /readyz.
         */
        public Builder bind(String bind) {
            this.bind = Objects.requireNonNull(bind, "bind");
            return this;
        }

        /** The port; default 9453; 0 for any free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("the metrics port must be between 0 and 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        public Builder readiness(ReadinessCheck readiness) {
            this.readiness = Objects.requireNonNull(readiness, "readiness");
            return this;
        }

        /** What /healthz checks beyond the process answering (default nothing): the kubelet restarts a process that fails it. */
        public Builder liveness(ReadinessCheck liveness) {
            this.liveness = Objects.requireNonNull(liveness, "liveness");
            return this;
        }

        /** Whether to serve /debug/, to loopback clients only (default false). */
        public Builder debugEndpoints(boolean enabled) {
            this.debugEndpoints = enabled;
            return this;
        }

        /** The least time between two class histograms (/debug/heap, a full GC each); default 60 s. */
        public Builder heapInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("the heap histogram interval must not be negative: " + interval);
            }
            this.heapInterval = interval;
            return this;
        }

        /** For tests: what /debug/heap answers, and the clock of its rate limit. */
        Builder heapHistogram(Supplier<String> histogram, LongSupplier clock) {
            this.heapHistogram = Objects.requireNonNull(histogram, "histogram");
            this.nanoTime = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public OpsServer build() {
            return new OpsServer(this);
        }
    }
}

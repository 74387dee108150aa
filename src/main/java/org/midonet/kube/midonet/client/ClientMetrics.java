package org.midonet.kube.midonet.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MidoNet client's metrics, with the original's names: in Prometheus,
 * midonet_kube_controllers_midonet_client_request_duration_seconds (histogram),
 * midonet_kube_controllers_midonet_client_requests_total and
 * midonet_kube_controllers_midonet_client_errors_total, labelled method, resource and code.
 */
final class ClientMetrics {
    static final String DURATION = "midonet_kube_controllers.midonet_client.request.duration";
    static final String REQUESTS = "midonet_kube_controllers.midonet_client.requests";
    static final String ERRORS = "midonet_kube_controllers.midonet_client.errors";
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    /** The meters of each method, resource and code seen: registering them anew costs more than the call's record. */
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();

    private record Meters(Timer duration, Counter requests) {
    }

    ClientMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one call; code is the HTTP status, or "error" when no answer came. */
    void record(String method, String resource, String code, long nanos, boolean failed) {
        Meters m = meters.computeIfAbsent(method + " " + resource + " " + code, k -> register(method, resource, code));
        m.duration().record(Duration.ofNanos(nanos));
        m.requests().increment();
        if (failed) { // rare: registered when it first happens, so that no error series shows for codes that never fail
            Counter.builder(ERRORS).description("Number of failed MidoNet API calls")
                    .tags("method", method, "resource", resource, "code", code).register(registry).increment();
        }
    }

    private Meters register(String method, String resource, String code) {
        Timer duration = Timer.builder(DURATION).description("Latency of MidoNet API calls")
                .tags("method", method, "resource", resource, "code", code)
                .serviceLevelObjectives(BUCKETS).register(registry);
        Counter requests = Counter.builder(REQUESTS).description("Number of MidoNet API calls")
                .tags("method", method, "resource", resource, "code", code).register(registry);
        return new Meters(duration, requests);
    }
}

package org.midonet.kube.midonet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

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

    ClientMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one call; code is the HTTP status, or "error" when no answer came. */
    void record(String method, String resource, String code, long nanos, boolean failed) {
        Timer.builder(DURATION).description("Latency of MidoNet API calls")
                .tags("method", method, "resource", resource, "code", code)
                .serviceLevelObjectives(BUCKETS).register(registry)
                .record(Duration.ofNanos(nanos));
        Counter.builder(REQUESTS).description("Number of MidoNet API calls")
                .tags("method", method, "resource", resource, "code", code).register(registry).increment();
        if (failed) {
            Counter.builder(ERRORS).description("Number of failed MidoNet API calls")
                    .tags("method", method, "resource", resource, "code", code).register(registry).increment();
        }
    }
}

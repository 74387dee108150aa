package org.midonet.kube.controller.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;

class OpsServerTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private OpsServer ops;

    @AfterEach
    void stop() {
        if (ops != null) {
            ops.close();
        }
    }

    private OpsServer start(OpsServer.Builder builder) throws IOException {
        ops = builder.bind("127.0.0.1").port(0).build().start();
        return ops;
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(ops.uri().resolve(path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void scrapesTheMidonetClientMetricsUnderTheOriginalNames() throws Exception {
        try (MidonetSim sim = MidonetSim.start(SimOptions.builder().port(0).host(SimHost.named("worker-1")).build());
                MidonetClient client = new MidonetClient(
                        MidonetClientConfig.of(sim.apiUri()).withCredentials("admin", "admin", null), registry)) {
            assertThat(client.hosts()).hasSize(1);
        }
        start(OpsServer.builder(registry));

        HttpResponse<String> scrape = get("/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(scrape.body()).contains(
                "# HELP midonet_kube_controllers_midonet_client_request_duration_seconds Latency of MidoNet API calls",
                "# TYPE midonet_kube_controllers_midonet_client_request_duration_seconds histogram",
                "# HELP midonet_kube_controllers_midonet_client_requests_total Number of MidoNet API calls",
                "# TYPE midonet_kube_controllers_midonet_client_requests_total counter",
                "midonet_kube_controllers_midonet_client_requests_total{code=\"200\",method=\"GET\",resource=\"hosts\"} 1",
                "midonet_kube_controllers_midonet_client_request_duration_seconds_bucket"
                        + "{code=\"200\",method=\"GET\",resource=\"hosts\",le=\"0.005\"}");

        HttpResponse<String> openMetrics = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
        assertThat(openMetrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/openmetrics-text"));
        assertThat(openMetrics.body()).contains("midonet_kube_controllers_midonet_client_requests_total{").endsWith("# EOF\n");
    }

    @Test
    void healthzIsOkAndReadyzFollowsTheCheck() throws Exception {
        AtomicReference<ReadinessCheck.Status> status =
                new AtomicReference<>(ReadinessCheck.Status.notReady("informers not synced"));
        start(OpsServer.builder(registry).readiness(status::get));

        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> notReady = get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("not ready: informers not synced\n");

        status.set(ReadinessCheck.Status.ok());
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ok\n");

        ops.markShuttingDown();
        assertThat(get("/readyz").body()).isEqualTo("not ready: shutting down\n");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void healthzFollowsALivenessCheckWhenThereIsOne() throws Exception {
        AtomicReference<ReadinessCheck.Status> status = new AtomicReference<>(ReadinessCheck.Status.ok());
        start(OpsServer.builder(registry).liveness(status::get));
        assertThat(get("/healthz").statusCode()).isEqualTo(200);

        status.set(ReadinessCheck.Status.notReady("no check for 120 s"));
        HttpResponse<String> dead = get("/healthz");
        assertThat(dead.statusCode()).isEqualTo(503);
        assertThat(dead.body()).isEqualTo("not alive: no check for 120 s\n");
        assertThat(get("/readyz").statusCode()).as("readiness is another check").isEqualTo(200);
    }

    @Test
    void aCheckThatThrowsMeansNotReady() throws Exception {
        start(OpsServer.builder(registry).readiness(() -> {
            throw new IllegalStateException("boom");
        }));
        HttpResponse<String> readyz = get("/readyz");
        assertThat(readyz.statusCode()).isEqualTo(503);
        assertThat(readyz.body()).contains("boom");
    }

    @Test
    void debugEndpointsGiveAThreadDumpAndAHeapHistogram() throws Exception {
        start(OpsServer.builder(registry).debugEndpoints(true));

        HttpResponse<String> index = get("/debug/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("/debug/threads", "/debug/heap");

        HttpResponse<String> threads = get("/debug/threads");
        assertThat(threads.statusCode()).isEqualTo(200);
        assertThat(threads.body()).contains("Thread dump at", "\"" + Thread.currentThread().getName() + "\"", "\"ops-http-",
                "java.lang.Thread.State: RUNNABLE",
                "org.midonet.kube.controller.ops.JvmDiagnostics.threadDump(JvmDiagnostics.java:");

        HttpResponse<String> heap = get("/debug/heap");
        assertThat(heap.statusCode()).isEqualTo(200);
        assertThat(heap.body()).contains("num", "#instances", "#bytes", "java.lang.String", "Total");
        assertThat(heap.body().lines().count()).isGreaterThan(10);
    }

    @Test
    void debugEndpointsAreOffUnlessTurnedOn() throws Exception {
        start(OpsServer.builder(registry));
        assertThat(get("/debug/threads").statusCode()).isEqualTo(404);
        assertThat(get("/debug/heap").statusCode()).isEqualTo(404);
        assertThat(get("/debug/").statusCode()).isEqualTo(404);
        assertThat(get("/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void theHeapHistogramRunsAtMostOncePerIntervalAndOneAtATime() throws Exception {
        AtomicLong clock = new AtomicLong();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        start(OpsServer.builder(registry).debugEndpoints(true).heapInterval(Duration.ofSeconds(60))
                .heapHistogram(() -> {
                    runs.incrementAndGet();
                    entered.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "histogram\n";
                }, clock::get));

        CompletableFuture<HttpResponse<String>> first = http.sendAsync(
                HttpRequest.newBuilder(ops.uri().resolve("/debug/heap")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        clock.addAndGet(Duration.ofSeconds(120).toNanos());
        HttpResponse<String> concurrent = get("/debug/heap");
        assertThat(concurrent.statusCode()).isEqualTo(429);
        assertThat(concurrent.headers().firstValue("Retry-After")).isPresent();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        HttpResponse<String> tooSoon = get("/debug/heap");
        assertThat(tooSoon.statusCode()).isEqualTo(429);
        assertThat(tooSoon.headers().firstValue("Retry-After")).contains("30");
        assertThat(tooSoon.body()).contains("one per 60 s");

        clock.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(get("/debug/heap").statusCode()).isEqualTo(200);
        assertThat(runs.get()).isEqualTo(2);
        assertThat(get("/debug/threads").statusCode()).isEqualTo(200);
    }

    @Test
    void debugEndpointsAnswerLoopbackClientsOnly() throws Exception {
        assertThat(OpsServer.isLoopback(new InetSocketAddress("127.0.0.1", 1))).isTrue();
        assertThat(OpsServer.isLoopback(new InetSocketAddress("::1", 1))).isTrue();
        assertThat(OpsServer.isLoopback(new InetSocketAddress("10.0.0.7", 1))).isFalse();
        assertThat(OpsServer.isLoopback(null)).isFalse();

        InetAddress external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst().orElse(null);
        Assumptions.assumeTrue(external != null, "no non-loopback IPv4 address on this machine");
        ops = OpsServer.builder(registry).debugEndpoints(true).bind("0.0.0.0").port(0).build().start();
        URI remote = URI.create("http://" + external.getHostAddress() + ":" + ops.port());
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(remote.resolve("/debug/heap")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("loopback");
        assertThat(http.send(HttpRequest.newBuilder(remote.resolve("/debug/")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        assertThat(http.send(HttpRequest.newBuilder(remote.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(remote.resolve("/readyz")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(get("/debug/threads").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathsAndMethodsAreRefused() throws Exception {
        start(OpsServer.builder(registry));
        HttpResponse<String> missing = get("/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("/metrics");

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(ops.uri().resolve("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void aPortInUseIsReportedWithTheAddress() throws Exception {
        start(OpsServer.builder(registry));
        OpsServer second = OpsServer.builder(registry).bind("127.0.0.1").port(ops.port()).build();
        assertThatThrownBy(second::start).isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1:" + ops.port());
        assertThatThrownBy(() -> OpsServer.builder(registry).port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(OpsServer.DEFAULT_PORT).isEqualTo(9453);
    }

    @Test
    void closingStopsListening() throws Exception {
        start(OpsServer.builder(registry));
        URI uri = ops.uri();
        ops.close();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri.resolve("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void readinessOfSeveralChecksNamesTheFailingOnes() {
        Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
        checks.put("informers", ReadinessCheck.alwaysReady());
        checks.put("midonet", () -> ReadinessCheck.Status.notReady("no answer"));
        checks.put("rules", () -> ReadinessCheck.Status.notReady("not compiled"));
        assertThat(ReadinessCheck.all(checks).check())
                .isEqualTo(ReadinessCheck.Status.notReady("midonet: no answer; rules: not compiled"));
        assertThat(ReadinessCheck.all(Map.of("informers", ReadinessCheck.alwaysReady())).check().ready()).isTrue();
    }
}

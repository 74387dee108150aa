package org.midonet.kube.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.midonet.kube.sim.SimHttp.collection;
import static org.midonet.kube.sim.SimHttp.json;
import static org.midonet.kube.sim.SimHttp.vendor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.ResourceKind;

/** Injected failures, drops, latency, outages and token expiry. */
class SimFaultsTest extends SimTestBase {

    @Test
    void aFailRateOfOneAnswers500Or503AndDoesNothing() {
        sim.faults().setFailRate(1);
        for (int i = 0; i < 10; i++) {
            SimHttp.Response reply = http.post("/routers", vendor("Router-v3"), json("id", id()));
            assertThat(reply.status()).isIn(500, 503);
            assertThat(reply.header("Content-Type")).isEqualTo(vendor("Error-v1"));
        }
        assertThat(sim.state().count(ResourceKind.ROUTER)).isZero();
        assertThat(sim.stats().injectedFailures()).isEqualTo(10);
        assertThat(sim.stats().writes()).isZero();
        sim.faults().setFailRate(0);
        assertThat(http.post("/routers", vendor("Router-v3"), json("id", id())).status()).isEqualTo(201);
    }

    @Test
    void aSeedMakesTheFaultsReproducible() throws IOException {
        assertThat(statuses(42)).isEqualTo(statuses(42)).contains(200).containsAnyOf(500, 503);
    }

    private static List<Integer> statuses(long seed) throws IOException {
        try (MidonetSim seeded = MidonetSim.start(SimOptions.builder().port(0).seed(seed).failRate(0.5).build())) {
            SimHttp client = new SimHttp(seeded.apiUri());
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                statuses.add(client.get("/routers", collection("Router-v3")).status());
            }
            return statuses;
        }
    }

    @Test
    void aDropRateOfOneClosesConnectionsWithoutAnAnswer() {
        sim.faults().setDropRate(1);
        assertThatThrownBy(() -> http.post("/routers", vendor("Router-v3"), json("id", id())))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(sim.stats().dropped()).isPositive();
        assertThat(sim.state().count(ResourceKind.ROUTER)).isZero();
    }

    @Test
    void latencyIsAddedToEveryRequest() {
        sim.faults().setLatencyMillis(150);
        long start = System.nanoTime();
        http.get("/routers", collection("Router-v3"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void anOutageDropsEverythingUntilItEnds() throws InterruptedException {
        SimHttp admin = new SimHttp(sim.adminUri());
        assertThat(admin.put("/faults", "application/json", json("outageSeconds", 0.6)).json().path("outageActive").asBoolean())
                .isTrue();
        assertThatThrownBy(() -> http.get("/routers", collection("Router-v3"))).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> http.post("/routers", vendor("Router-v3"), json("id", id())))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(admin.get("/state", "application/json").status()).as("the admin API stays up").isEqualTo(200);
        Thread.sleep(700);
        assertThat(http.get("/routers", collection("Router-v3")).status()).isEqualTo(200);
        assertThat(sim.faults().outageActive()).isFalse();
    }

    @Test
    void tokensExpireSoClientsMustLogInAgain() throws InterruptedException {
        sim.faults().setTokenTtlSeconds(1);
        assertThat(http.get("/routers", collection("Router-v3")).status()).as("a token is needed now").isEqualTo(401);
        assertThat(http.login("admin", "admin").status()).isEqualTo(200);
        assertThat(http.get("/routers", collection("Router-v3")).status()).isEqualTo(200);
        Thread.sleep(1100);
        SimHttp.Response expired = http.get("/routers", collection("Router-v3"));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.message()).isEqualTo("Authentication error");
        assertThat(http.login("admin", "admin").status()).isEqualTo(200);
        assertThat(http.get("/routers", collection("Router-v3")).status()).isEqualTo(200);
    }

    @Test
    void theProjectsClientLogsInAgainWhenItsTokenExpires() throws InterruptedException {
        sim.faults().setTokenTtlSeconds(1);
        MidonetClientConfig config = MidonetClientConfig.of(sim.apiUri()).withCredentials("admin", "admin", "admin");
        try (MidonetClient client = new MidonetClient(config, new SimpleMeterRegistry())) {
            client.create(new Chain(id(), "a", "t"));
            Thread.sleep(1100);
            client.create(new Chain(id(), "b", "t"));
        }
        assertThat(sim.state().count(ResourceKind.CHAIN)).isEqualTo(2);
        assertThat(sim.stats().logins()).isEqualTo(2);
        assertThat(sim.stats().status(401)).isEqualTo(1);
    }
}

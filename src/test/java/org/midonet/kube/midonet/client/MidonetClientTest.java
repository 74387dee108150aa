package org.midonet.kube.midonet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.MidonetJson;
import org.midonet.kube.midonet.model.ResourceKind;
import org.midonet.kube.midonet.model.Route;
import org.midonet.kube.midonet.model.Router;

/** The client's HTTP conversation, checked request by request against a scripted server. */
class MidonetClientTest {
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final String SECRET = "s3cr3t-pa55";

    private MockWebServer server;
    private PrometheusMeterRegistry registry;
    private MidonetClient client;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        URI base = URI.create(server.url("/midonet-api").toString());
        client = new MidonetClient(MidonetClientConfig.of(base).withCredentials("admin", SECRET, "kube")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)), registry);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static MockResponse token(String key) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/vnd.org.midonet.Token-v1+json")
                .body("{\"key\":\"" + key + "\",\"expires\":null}").build();
    }

    private static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).build();
    }

    private static MockResponse error(int code, String message) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/vnd.org.midonet.Error-v1+json")
                .body("{\"message\":\"" + message + "\",\"code\":" + code + "}").build();
    }

    private RecordedRequest next() throws InterruptedException {
        return server.takeRequest(2, TimeUnit.SECONDS);
    }

    @Test
    void pathsJoinTheApiRootWithOrWithoutAPathOfItsOwn() {
        String mac = "/bridges/" + ID + "/mac_table/02-00-0a-00-00-01_" + ID;
        assertThat(MidonetClient.url(HttpUrl.get("http://mn:8181/midonet-api"), mac))
                .hasToString("http://mn:8181/midonet-api" + mac);
        assertThat(MidonetClient.url(HttpUrl.get("http://mn:8181"), "/chains")).hasToString("http://mn:8181/chains");
        assertThat(MidonetClient.url(HttpUrl.get("https://mn/api"), "/bridges/" + ID + "/arp_table/10.0.0.1_02-00-0a-00-00-01"))
                .hasToString("https://mn/api/bridges/" + ID + "/arp_table/10.0.0.1_02-00-0a-00-00-01");
        assertThat(MidonetClient.url(HttpUrl.get("http://mn:8181/midonet-api"), "/chains?tenant_id=a"))
                .hasToString("http://mn:8181/midonet-api/chains?tenant_id=a");
        assertThat(MidonetClient.url(HttpUrl.get("http://mn:8181"), "/chains?tenant_id=a"))
                .hasToString("http://mn:8181/chains?tenant_id=a");
    }

    @Test
    void logsInWithBasicAuthAndProjectThenSendsTheTokenAndVendorType() throws Exception {
        server.enqueue(token("t1"));
        server.enqueue(status(201));
        client.create(new Chain(ID, "KUBE-MAIN", "midonetkube"));

        RecordedRequest login = next();
        assertThat(login.getMethod()).isEqualTo("POST");
        assertThat(login.getTarget()).isEqualTo("/midonet-api/login");
        assertThat(login.getHeaders().get("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString(("admin:" + SECRET).getBytes()));
        assertThat(login.getHeaders().get("X-Auth-Project")).isEqualTo("kube");

        RecordedRequest create = next();
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(create.getTarget()).isEqualTo("/midonet-api/chains");
        assertThat(create.getHeaders().get("X-Auth-Token")).isEqualTo("t1");
        assertThat(create.getHeaders().get("Content-Type")).isEqualTo("application/vnd.org.midonet.Chain-v1+json");
        assertThat(create.getBody().utf8()).isEqualTo(MidonetJson.body(new Chain(ID, "KUBE-MAIN", "midonetkube")));
    }

    @Test
    void logsInAgainOnceWhenTheTokenIsRefused() throws Exception {
        server.enqueue(token("t1"));
        server.enqueue(error(401, "Token expired"));
        server.enqueue(token("t2"));
        server.enqueue(new MockResponse.Builder().code(200).body("{\"id\":\"" + ID + "\"}").build());

        assertThat(client.get("/routers/" + ID, ResourceKind.ROUTER.mediaType())).isPresent();

        next();
        assertThat(next().getHeaders().get("X-Auth-Token")).isEqualTo("t1");
        assertThat(next().getTarget()).isEqualTo("/midonet-api/login");
        RecordedRequest retried = next();
        assertThat(retried.getHeaders().get("X-Auth-Token")).isEqualTo("t2");
        assertThat(retried.getHeaders().get("Accept")).isEqualTo("application/vnd.org.midonet.Router-v3+json");
    }

    @Test
    void aRefusedLoginIsTerminalAndDoesNotShowThePassword() {
        server.enqueue(error(401, "Authorization header is not valid"));
        assertThatThrownBy(() -> client.hosts())
                .isInstanceOfSatisfying(MidonetException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("login as admin refused", "Authorization header is not valid")
                            .doesNotContain(SECRET);
                });
        assertThat(client.config().toString()).doesNotContain(SECRET);
    }

    @Test
    void aCorrectedPasswordFileIsUsedAtTheNextLoginWithoutANewClient(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("password");
        Files.writeString(file, "wrong\n");
        URI base = URI.create(server.url("/midonet-api").toString());
        try (MidonetClient fromFile = new MidonetClient(MidonetClientConfig.of(base).withCredentials("admin", "wrong", null)
                .withPasswordFile(file).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)), registry)) {
            server.enqueue(error(401, "Authorization header is not valid"));
            assertThatThrownBy(fromFile::hosts).isInstanceOfSatisfying(MidonetException.class,
                    e -> assertThat(e.status()).isEqualTo(401));
            assertThat(basicPassword(next())).isEqualTo("wrong");

            Files.writeString(file, SECRET + "\n"); // the Secret corrected: the kubelet rewrites the mounted file
            server.enqueue(token("t1"));
            server.enqueue(new MockResponse.Builder().code(200).body("[]").build());
            assertThat(fromFile.hosts()).isEmpty();
            assertThat(basicPassword(next())).isEqualTo(SECRET);
            assertThat(next().getHeaders().get("X-Auth-Token")).isEqualTo("t1");

            Files.delete(file); // unreadable now: the password read before is used
            server.enqueue(error(401, "Token expired"));
            server.enqueue(token("t2"));
            server.enqueue(new MockResponse.Builder().code(200).body("[]").build());
            assertThat(fromFile.hosts()).isEmpty();
            assertThat(next().getHeaders().get("X-Auth-Token")).isEqualTo("t1");
            assertThat(basicPassword(next())).isEqualTo("wrong");
        }
    }

    private static String basicPassword(RecordedRequest login) {
        assertThat(login.getTarget()).isEqualTo("/midonet-api/login");
        String basic = new String(Base64.getDecoder().decode(login.getHeaders().get("Authorization").substring(6)),
                StandardCharsets.UTF_8);
        return basic.substring(basic.indexOf(':') + 1);
    }

    @Test
    void classifiesErrorsAsRetriableOrTerminal() {
        server.enqueue(token("t"));
        server.enqueue(error(404, "There is no Router with ID " + ID + "."));
        server.enqueue(error(400, "This type of route requires a next hop port that is a port on the same router."));
        server.enqueue(new MockResponse.Builder().code(400).setHeader("Content-Type", "application/vnd.org.midonet.Error-v1+json")
                .body("{\"message\":\"Validation error(s) found\",\"code\":400,\"violations\":[{\"property\":\"dlType\","
                        + "\"message\":\"must be greater than or equal to 1536\"}]}").build());
        server.enqueue(error(503, "Resource read timeout"));
        server.enqueue(error(409, "A(n) Chain with ID " + ID + " already exists."));

        Route route = Route.normal(ID, ID, "10.0.0.0", 24, ID, null);
        assertThatThrownBy(() -> client.create(route)).isInstanceOfSatisfying(MidonetException.class,
                e -> assertThat(e.retriable()).isTrue());
        assertThatThrownBy(() -> client.create(route)).isInstanceOfSatisfying(MidonetException.class,
                e -> assertThat(e.retriable()).isTrue());
        assertThatThrownBy(() -> client.create(route)).isInstanceOfSatisfying(MidonetException.class, e -> {
            assertThat(e.retriable()).isFalse();
            assertThat(e.getMessage())
                    .contains("400", "Validation error(s) found; dlType: must be greater than or equal to 1536");
        });
        assertThatThrownBy(() -> client.create(route)).isInstanceOfSatisfying(MidonetException.class,
                e -> assertThat(e.retriable()).isTrue());
        assertThatThrownBy(() -> client.create(route)).isInstanceOfSatisfying(MidonetException.class, e -> {
            assertThat(e.isConflict()).isTrue();
            assertThat(e.retriable()).isFalse();
            assertThat(e.getMessage()).startsWith("POST /routers/" + ID + "/routes: 409 A(n) Chain");
        });
    }

    @Test
    void noAnswerIsRetriableAndSaysWhereItWasGoing() {
        server.enqueue(token("t"));
        server.enqueue(new MockResponse.Builder().code(200).body("[]").build());
        client.hosts();
        server.close();
        assertThatThrownBy(() -> client.update(new Router(ID, "ClusterRouter", "midonetkube")))
                .isInstanceOfSatisfying(MidonetException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.getMessage()).startsWith("PUT /routers/" + ID + ": no answer from");
                });
    }

    @Test
    void getAndDeleteTreatNotFoundAsAbsent() {
        server.enqueue(token("t"));
        server.enqueue(error(404, "There is no Chain with ID " + ID + "."));
        server.enqueue(error(404, "There is no Chain with ID " + ID + "."));
        server.enqueue(status(204));
        Chain chain = new Chain(ID, "x", "t");
        assertThat(client.get(chain)).isEmpty();
        assertThat(client.delete(chain)).isFalse();
        assertThat(client.delete(chain)).isTrue();
    }

    @Test
    void exportsTheOriginalsMetricNames() {
        server.enqueue(token("t"));
        server.enqueue(new MockResponse.Builder().code(200).body("[]").build());
        server.enqueue(error(500, "boom"));
        client.list("/routers", ResourceKind.ROUTER.collectionMediaType());
        assertThatThrownBy(() -> client.list("/routers", ResourceKind.ROUTER.collectionMediaType()));

        String scrape = registry.scrape();
        assertThat(scrape).contains(
                "# TYPE midonet_kube_controllers_midonet_client_request_duration_seconds histogram",
                "midonet_kube_controllers_midonet_client_request_duration_seconds_bucket"
                        + "{code=\"200\",method=\"GET\",resource=\"routers\",le=\"0.005\"}",
                "midonet_kube_controllers_midonet_client_requests_total{code=\"200\",method=\"GET\",resource=\"routers\"} 1",
                "midonet_kube_controllers_midonet_client_errors_total{code=\"500\",method=\"GET\",resource=\"routers\"} 1");
        assertThat(scrape).doesNotContain(SECRET);
    }

    @Test
    void rejectsApiUrlsThatAreNotHttp() {
        assertThatThrownBy(() -> MidonetClientConfig.of(URI.create("ftp://midonet/api")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
    }
}

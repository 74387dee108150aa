package org.midonet.kube.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.sim.SimHttp.collection;
import static org.midonet.kube.sim.SimHttp.vendor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Login and token checks, in mock mode (MidoNet's default) and with real credentials. */
class SimAuthTest {
    private static MidonetSim mock;
    private static MidonetSim basic;

    @BeforeAll
    static void start() throws IOException {
        mock = MidonetSim.start(SimOptions.builder().port(0).build());
        basic = MidonetSim.start(SimOptions.builder().port(0).basicAuth("alice", "s3cret").build());
    }

    @AfterAll
    static void stop() {
        mock.close();
        basic.close();
    }

    private static SimHttp.Response login(MidonetSim sim, String authorization) {
        return new SimHttp(sim.apiUri()).send("POST", "/login",
                authorization == null ? Map.of() : Map.of("Authorization", authorization), "");
    }

    private static String basicHeader(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mockModeLetsAnyCredentialsInAndNeedsNoToken() {
        SimHttp http = new SimHttp(mock.apiUri());
        assertThat(http.get("/routers", collection("Router-v3")).status()).isEqualTo(200);
        SimHttp.Response login = http.login("anyone", "anything");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Content-Type")).isEqualTo(vendor("Token-v1") + ";charset=UTF-8");
        String key = login.json().path("key").asText();
        assertThat(key).isNotBlank();
        assertThat(login.json().get("expires").isNull()).isTrue();
        assertThat(login.header("Set-Cookie")).isEqualTo("sessionId=" + key);
        http.token("whatever");
        assertThat(http.get("/routers", collection("Router-v3")).status()).isEqualTo(200);
    }

    @Test
    void loginNeedsWellFormedBasicCredentials() {
        SimHttp.Response none = login(mock, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.message()).isEqualTo("Authorization header is not set.");
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Basic  realm=\"BASIC_AUTH_REALM\"");
        assertThat(login(mock, "Bearer abc").message()).isEqualTo("Authorization header does not contain Basic.");
        assertThat(login(mock, basicHeader("a:b:c")).message()).isEqualTo("Authorization header is not valid");
        assertThat(login(mock, basicHeader("admin:")).message())
                .as("an empty password splits into one part, as in MidoNet's filter")
                .isEqualTo("Authorization header is not valid");
        assertThat(login(mock, basicHeader("admin:x")).status()).isEqualTo(200);
        assertThat(new SimHttp(mock.apiUri()).send("GET", "/login", Map.of("Authorization", basicHeader("a:b")), null)
                .status()).as("any method logs in").isEqualTo(200);
    }

    @Test
    void basicModeNeedsTheRightCredentialsAndAToken() {
        SimHttp http = new SimHttp(basic.apiUri());
        SimHttp.Response noToken = http.get("/routers", collection("Router-v3"));
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.message()).isEqualTo("No token was passed in.");
        assertThat(http.login("alice", "wrong").status()).isEqualTo(401);
        http.token("made-up");
        SimHttp.Response badToken = http.get("/routers", collection("Router-v3"));
        assertThat(badToken.status()).isEqualTo(401);
        assertThat(badToken.header("Content-Type")).isEqualTo(vendor("Error-v1"));
        assertThat(http.login("alice", "s3cret").status()).isEqualTo(200);
        assertThat(http.get("/routers", collection("Router-v3")).status()).isEqualTo(200);
        assertThat(basic.stats().logins()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aTokenLifetimeGivesAnExpiryDate() {
        basic.faults().setTokenTtlSeconds(3600);
        try {
            SimHttp.Response login = new SimHttp(basic.apiUri()).login("alice", "s3cret");
            String expires = login.json().path("expires").asText();
            assertThat(expires).matches("[A-Z][a-z]{2}, \\d{2}-\\d{2}-\\d{4} \\d{2}:\\d{2}:\\d{2} UTC");
            assertThat(login.header("Set-Cookie")).endsWith("; Expires=" + expires);
        } finally {
            basic.faults().setTokenTtlSeconds(0);
        }
    }
}

package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.slf4j.Logger.ROOT_LOGGER_NAME;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.midonet.kube.demo.FakeApiServer;
import org.midonet.kube.http.KubernetesHttp;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;
import org.slf4j.LoggerFactory;

class SafeMessageConverterTest {
    private static final String KUBE_TOKEN = "kube-token-7f3a9c2e1d";
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlLXBhcnQ";
    private static final String MIDONET_PASSWORD = "midonet-pass-5b8e4d";

    @Test
    void everyMessageIsOneLineOfBoundedLength() {
        assertThat(SafeMessageConverter.sanitize("annotated {midonet.org/x=a\nINFO forged line\r\n}"))
                .isEqualTo("annotated {midonet.org/x=a\\nINFO forged line\\r\\n}");
        assertThat(SafeMessageConverter.sanitize("tab\there, bell\u0007, nel\u0085, ls\u2028, rtl\u202e"))
                .isEqualTo("tab\\there, bell\\u0007, nel\\u0085, ls\\u2028, rtl\\u202e");
        assertThat(SafeMessageConverter.sanitize("plain ünïcode stays")).isEqualTo("plain ünïcode stays");
        String cut = SafeMessageConverter.sanitize("x".repeat(10_000));
        assertThat(cut).startsWith("x".repeat(SafeMessageConverter.LIMIT) + "... [cut: 10000 characters]");
        assertThat(cut).hasSize(SafeMessageConverter.LIMIT + "... [cut: 10000 characters]".length());
        assertThat(SafeMessageConverter.sanitize(null)).isEqualTo("null");
    }

    @Test
    void credentialsAreRedacted() {
        assertThat(SafeMessageConverter.sanitize("> Authorization: Bearer " + KUBE_TOKEN))
                .isEqualTo("> Authorization: [redacted]");
        assertThat(SafeMessageConverter.sanitize("headers {X-Auth-Token=[abc123], Accept=[json]}"))
                .isEqualTo("headers {X-Auth-Token=[[redacted]], Accept=[json]}");
        assertThat(SafeMessageConverter.sanitize("sent bearer " + KUBE_TOKEN + " to it"))
                .isEqualTo("sent bearer [redacted] to it");
        assertThat(SafeMessageConverter.sanitize("token " + JWT + " expired")).isEqualTo("token [redacted] expired");
        assertThat(SafeMessageConverter.sanitize("{\"password\":\"" + MIDONET_PASSWORD + "\",\"user\":\"admin\"}"))
                .isEqualTo("{\"password\":\"[redacted]\",\"user\":\"admin\"}");
        assertThat(SafeMessageConverter.sanitize("{\"access_token\": \"abc\"}")).isEqualTo("{\"access_token\": \"[redacted]\"}");
        assertThat(SafeMessageConverter.sanitize("pushed service.4.web")).isEqualTo("pushed service.4.web");
    }

    /** Through logback.xml as shipped, with the root at trace: the libraries log every header of every request. */
    @Test
    void noTokenOrPasswordReachesTheLogAtTrace() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (FakeApiServer api = FakeApiServer.start(0);
                MidonetSim sim = MidonetSim.start(SimOptions.builder().port(0).host(SimHost.named("worker-1")).build())) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Logging.level("trace");
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(api.url().toString())
                    .withOauthToken(KUBE_TOKEN).build();
            try (KubernetesClient kube = new KubernetesClientBuilder().withHttpClientFactory(KubernetesHttp.factory())
                    .withConfig(config).build()) {
                kube.configMaps().inNamespace("default").list();
            }
            try (MidonetClient midonet = new MidonetClient(MidonetClientConfig.of(sim.apiUri())
                    .withCredentials("admin", MIDONET_PASSWORD, null), new SimpleMeterRegistry())) {
                assertThat(midonet.hosts()).hasSize(1);
            }
            LoggerFactory.getLogger(SafeMessageConverterTest.class).trace("a JWT {} and a line\nbreak", JWT);
        } finally {
            root.setLevel(before);
            System.setErr(stderr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("Authorization: [redacted]", "a JWT [redacted] and a line\\nbreak");
        assertThat(log).doesNotContain(KUBE_TOKEN, JWT, MIDONET_PASSWORD,
                Base64.getEncoder().encodeToString(("admin:" + MIDONET_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
}

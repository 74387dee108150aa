package org.midonet.kube.midonet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over https: a CA file, the JDK's trust store, and no verification for labs. */
class MidonetClientTlsTest {
    private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA").build();
    private MockWebServer server;
    private URI api;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        HeldCertificate serverCertificate = new HeldCertificate.Builder().signedBy(ca).commonName("localhost")
                .addSubjectAlternativeName("localhost").build();
        server = new MockWebServer();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(serverCertificate, ca.certificate())
                .build().sslSocketFactory());
        server.start();
        api = URI.create(server.url("/midonet-api").toString().replace("127.0.0.1", "localhost"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MidonetClient client(Path caFile, boolean insecure) {
        return new MidonetClient(MidonetClientConfig.of(api).withCredentials("admin", "pw", null).withTls(caFile, insecure),
                new SimpleMeterRegistry());
    }

    private void answerLoginAndHosts() {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"key\":\"t\"}").build());
        server.enqueue(new MockResponse.Builder().code(200).body("[]").build());
    }

    @Test
    void trustsTheServerSignedByTheCaFile() throws Exception {
        Path caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, ca.certificatePem());
        answerLoginAndHosts();
        try (MidonetClient client = client(caFile, false)) {
            assertThat(client.hosts()).isEmpty();
        }
    }

    @Test
    void refusesAServerItCannotVerify() {
        try (MidonetClient client = client(null, false)) {
            assertThatThrownBy(client::hosts).isInstanceOf(MidonetException.class).hasMessageContaining("no answer from");
        }
    }

    @Test
    void skipsVerificationWhenAsked() {
        answerLoginAndHosts();
        try (MidonetClient client = client(null, true)) {
            assertThat(client.hosts()).isEmpty();
        }
    }

    @Test
    void aCaFileWithoutCertificatesIsAClearError() throws Exception {
        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> client(empty, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot use the CA file " + empty);
    }
}

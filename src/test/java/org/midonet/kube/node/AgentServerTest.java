package org.midonet.kube.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may talk to the agent's socket, and how a refused report is answered. */
class AgentServerTest {
    private static final String REPORT = "{\"op\":\"pod-mac\",\"namespace\":\"default\",\"name\":\"web-1\","
            + "\"mac\":\"0a:58:0a:01:02:03\",\"containerId\":\"c0ffee\"}";

    @TempDir
    Path dir;

    private final List<PodMac> reported = new CopyOnWriteArrayList<>();
    private AgentServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String send(Path socket, String line) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            LineChannel.writeLine(channel, line);
            return LineChannel.readLine(channel, Duration.ofSeconds(5));
        }
    }

    @Test
    void theSocketIsReadAndWrittenByItsOwnerOnlyTheAgentsUser() throws IOException {
        server = AgentServer.start(dir.resolve("run/agent.sock"), reported::add);

        assertThat(Files.getPosixFilePermissions(server.socket())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getOwner(server.socket()).getName()).isEqualTo(System.getProperty("user.name"));
        try (var files = Files.list(server.socket().getParent())) {
            assertThat(files).as("no socket left under its temporary name").containsExactly(server.socket());
        }
        assertThat(send(server.socket(), REPORT)).isEqualTo("{\"ok\":true}");
        assertThat(reported).containsExactly(new PodMac("default", "web-1", "0a:58:0a:01:02:03", "c0ffee"));
    }

    @Test
    void aReportTheConsumerRefusesIsAnsweredWithItsReason() throws IOException {
        server = AgentServer.start(dir.resolve("agent.sock"), mac -> {
            throw new IllegalArgumentException("Pod default/web-1 is bound to node worker-2");
        });

        assertThat(send(server.socket(), REPORT))
                .isEqualTo("{\"ok\":false,\"error\":\"Pod default/web-1 is bound to node worker-2\"}");
    }

    /** Even with the file opened to everyone, another user's connection is refused (SO_PEERCRED). */
    @Test
    void anotherUserIsRefusedByItsCredentials() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root, to connect as nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")) && Files.isExecutable(Path.of("/usr/bin/perl")),
                "needs setpriv and perl");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        server = AgentServer.start(dir.resolve("agent.sock"), reported::add);
        Files.setPosixFilePermissions(server.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));

        String perl = "use IO::Socket::UNIX; my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die \"connect: $!\";"
                + " print $s $ARGV[1] . \"\\n\"; print scalar <$s>;";
        Process nobody = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "/usr/bin/perl", "-e", perl, server.socket().toString(), REPORT).redirectErrorStream(true).start();
        assertThat(nobody.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String answer = new String(nobody.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(answer).contains("\"ok\":false").contains("only root may report");
        assertThat(reported).isEmpty();
        assertThat(send(server.socket(), REPORT)).as("root still may").isEqualTo("{\"ok\":true}");
    }
}

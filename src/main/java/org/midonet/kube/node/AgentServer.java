package org.midonet.kube.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.midonet.kube.common.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent's local API on a Unix domain socket, only for the agent's own user (root; the CNI plugin
 * runs as root). The socket file has mode 0600 from the moment it has its name (it is bound under a
 * temporary name, then renamed), and a connection whose peer (SO_PEERCRED) is another user is refused. One
 * JSON line per connection: {"op":"pod-mac","namespace","name","mac","containerId"}, answered {"ok":true}
 * once the report is validated and queued, or {"ok":false,"error":...} when it is malformed or the
 * consumer refuses it (throws IllegalArgumentException: for instance a Pod of another node).
 */
public final class AgentServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path socket;
    private final Consumer<PodMac> reports;
    private final ServerSocketChannel server;
    private final UserPrincipal owner;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, daemon("agent-api"));
    private final Thread acceptor;

    private AgentServer(Path socket, Consumer<PodMac> reports, ServerSocketChannel server, UserPrincipal owner) {
        this.socket = socket;
        this.reports = reports;
        this.server = server;
        this.owner = owner;
        this.acceptor = daemon("agent-api-accept").newThread(this::acceptLoop);
    }

    /**
     * Listens on socket, replacing a file left there by an earlier agent. The socket is bound under a
     * temporary name, made rw------- and then renamed, so that nobody else can connect in between.
     */
    public static AgentServer start(Path socket, Consumer<PodMac> reports) throws IOException {
        Path directory = socket.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path bound = directory.resolve("." + socket.getFileName() + ".new");
        Files.deleteIfExists(bound);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(bound));
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
            Files.move(bound, socket, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(bound);
            throw e;
        }
        AgentServer agent = new AgentServer(socket, reports, server, Files.getOwner(socket));
        agent.acceptor.start();
        return agent;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                workers.execute(() -> serve(client));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("Agent API: cannot accept a connection: {}", e.toString());
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            ObjectNode answer = JSON.createObjectNode();
            String line = LineChannel.readLine(client, READ_TIMEOUT);
            String stranger = stranger(client);
            if (stranger != null) {
                answer.put("ok", false).put("error", "only " + owner.getName() + " may report to the node agent");
                LOG.warn("Agent API: refused a connection from user {} (only {} may connect)", stranger, owner.getName());
                LineChannel.writeLine(client, answer.toString());
                return;
            }
            PodMac report = null;
            try {
                report = parse(line);
                reports.accept(report);
                answer.put("ok", true);
            } catch (IllegalArgumentException e) {
                answer.put("ok", false).put("error", e.getMessage());
                if (report == null) {
                    LOG.warn("Agent API: refused a request: {}", e.getMessage());
                } else {
                    LogContext.with(report.namespace(), report.name(),
                            () -> LOG.warn("Agent API: refused the Pod's MAC report: {}", e.getMessage()));
                }
            }
            LineChannel.writeLine(client, answer.toString());
        } catch (IOException e) {
            LOG.warn("Agent API: {}", e.getMessage());
        }
    }

    /**
     * The user at the other end when it is not the socket's owner; null when it is, or when the platform
     * does not tell (then the file mode alone keeps others out).
     */
    private String stranger(SocketChannel client) {
        UnixDomainPrincipal peer;
        try {
            peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
        return peer.user().equals(owner) ? null : peer.user().getName();
    }

    static PodMac parse(String line) {
        JsonNode request;
        try {
            request = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("the request is not JSON");
        }
        if (request == null || !request.path("op").asText().equals("pod-mac")) {
            throw new IllegalArgumentException("unknown operation (expected pod-mac)");
        }
        return new PodMac(request.path("namespace").asText(null), request.path("name").asText(null),
                request.path("mac").asText(null), request.path("containerId").asText(null));
    }

    public Path socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("Agent API: cannot remove {}: {}", socket, e.getMessage());
        }
        workers.shutdownNow();
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

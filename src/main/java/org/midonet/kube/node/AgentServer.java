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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent's local API on a Unix domain socket, only for root (the CNI plugin runs as root). One JSON
 * line per connection: {"op":"pod-mac","namespace","name","mac","containerId"}, answered {"ok":true} once
 * the report is validated and queued, or {"ok":false,"error":...}.
 */
public final class AgentServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentServer.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path socket;
    private final Consumer<PodMac> reports;
    private final ServerSocketChannel server;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, daemon("agent-api"));
    private final Thread acceptor;

    private AgentServer(Path socket, Consumer<PodMac> reports, ServerSocketChannel server) {
        this.socket = socket;
        this.reports = reports;
        this.server = server;
        this.acceptor = daemon("agent-api-accept").newThread(this::acceptLoop);
    }

    /** Listens on socket, replacing a file left there by an earlier agent. */
    public static AgentServer start(Path socket, Consumer<PodMac> reports) throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        AgentServer agent = new AgentServer(socket, reports, server);
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
            try {
                reports.accept(parse(LineChannel.readLine(client, READ_TIMEOUT)));
                answer.put("ok", true);
            } catch (IllegalArgumentException e) {
                answer.put("ok", false).put("error", e.getMessage());
                LOG.warn("Agent API: refused a request: {}", e.getMessage());
            }
            LineChannel.writeLine(client, answer.toString());
        } catch (IOException e) {
            LOG.warn("Agent API: {}", e.getMessage());
        }
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

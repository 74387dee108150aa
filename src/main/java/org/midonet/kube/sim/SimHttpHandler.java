package org.midonet.kube.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * The HTTP front of the emulator: /_admin goes to the admin API; /midonet-api first meets the injected faults
 * (latency, outage, drops, failures), then the dispatcher; every API request is counted.
 */
final class SimHttpHandler implements HttpHandler {
    static final String API_PATH = "/midonet-api";
    static final String ADMIN_PATH = "/_admin";

    private final ApiDispatcher api;
    private final AdminApi admin;
    private final Faults faults;
    private final Stats stats;

    SimHttpHandler(ApiDispatcher api, AdminApi admin, Faults faults, Stats stats) {
        this.api = api;
        this.admin = admin;
        this.faults = faults;
        this.stats = stats;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (path.equals(ADMIN_PATH) || path.startsWith(ADMIN_PATH + "/")) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                send(exchange, admin.handle(method, path, body, base(exchange)));
            } else if (path.equals(API_PATH) || path.startsWith(API_PATH + "/")) {
                serveApi(exchange, method, path.substring(API_PATH.length()));
            } else {
                send(exchange, Reply.text(404, "Not found: the MidoNet API is at " + API_PATH + "/, the emulator's "
                        + "control API at " + ADMIN_PATH + "/\n"));
            }
        } catch (IOException e) {
            // the client went away
        } catch (RuntimeException e) {
            sendQuietly(exchange, Reply.error(ApiException.serverError(e.toString())));
        } finally {
            exchange.close();
        }
    }

    private void serveApi(HttpExchange exchange, String method, String path) throws IOException {
        Faults.Decision fault = faults.decide();
        if (fault.latencyMillis() > 0) {
            try {
                Thread.sleep(fault.latencyMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (fault.drop()) {
            stats.dropped(method);
            return; // closing the exchange without an answer closes the connection
        }
        if (fault.failStatus() != 0) {
            stats.injected(method, fault.failStatus());
            send(exchange, Reply.error(ApiException.status(fault.failStatus(), fault.failStatus() == 503
                    ? "Service unavailable (injected fault)" : "Internal server error (injected fault)")));
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        Request request = new Request(method, path, Paths.query(exchange.getRequestURI().getRawQuery()),
                exchange.getRequestHeaders(), body, base(exchange));
        ApiDispatcher.Outcome outcome = api.dispatch(request);
        stats.answered(method, outcome.reply().status(), outcome.kind(), outcome.login(), outcome.changed());
        send(exchange, outcome.reply());
    }

    /** The API root as the client addressed it, honouring X-Forwarded-Proto and X-Forwarded-Host. */
    private static String base(HttpExchange exchange) {
        String proto = exchange.getRequestHeaders().getFirst("X-Forwarded-Proto");
        String host = exchange.getRequestHeaders().getFirst("X-Forwarded-Host");
        if (host == null) {
            host = exchange.getRequestHeaders().getFirst("Host");
        }
        if (host == null) {
            host = exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort();
        }
        return (proto == null ? "http" : proto) + "://" + host + API_PATH;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        for (Map.Entry<String, String> header : reply.headers().entrySet()) {
            exchange.getResponseHeaders().set(header.getKey(), header.getValue());
        }
        byte[] body = reply.body();
        boolean noBody = body == null || reply.status() == 204 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sendQuietly(HttpExchange exchange, Reply reply) {
        try {
            send(exchange, reply);
        } catch (IOException | RuntimeException e) {
            // headers may be gone already; nothing more to say
        }
    }
}

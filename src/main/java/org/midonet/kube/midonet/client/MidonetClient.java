package org.midonet.kube.midonet.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.midonet.kube.http.NoDelaySocketFactory;
import org.midonet.kube.midonet.model.MidonetJson;
import org.midonet.kube.midonet.model.MidonetRef;
import org.midonet.kube.midonet.model.MidonetResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the MidoNet REST API over OkHttp. It logs in lazily (Basic auth, X-Auth-Project) and once more
 * when a token is refused, sends explicit vendor media types on every call, and turns errors into
 * {@link MidonetException}s that say what failed and whether trying again may help. Thread-safe.
 */
public final class MidonetClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MidonetClient.class);
    private static final String TOKEN_HEADER = "X-Auth-Token";
    private static final String TOKEN_MEDIA_TYPE = "application/vnd.org.midonet.Token-v1+json";

    private final MidonetClientConfig config;
    private final OkHttpClient http;
    /** The API root, parsed once: parsing a whole URL for each call (host name rules included) cost more than the call. */
    private final HttpUrl apiRoot;
    private final ClientMetrics metrics;
    private final ObjectMapper json = MidonetJson.mapper();
    private volatile String token;

    /** An answer of the API: status and body. */
    public record Reply(int status, String body) {
    }

    /**
     * Servers close idle connections after about 30 s (Jetty's and the JDK server's default); a request on a
     * connection the server has closed fails with no answer, and requests are not retried on another
     * connection (a POST must not be sent twice), so idle connections are dropped before the server drops them.
     */
    private static final Duration IDLE_CONNECTION_LIFETIME = Duration.ofSeconds(20);

    public MidonetClient(MidonetClientConfig config, MeterRegistry registry) {
        this.config = config;
        this.apiRoot = HttpUrl.get(config.baseUri().toString());
        this.metrics = new ClientMetrics(registry);
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(config.connectTimeout()).readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout()).retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(8, IDLE_CONNECTION_LIFETIME.toSeconds(), TimeUnit.SECONDS))
                .socketFactory(new NoDelaySocketFactory());
        Tls.configure(builder, config);
        this.http = builder.build();
    }

    public MidonetClientConfig config() {
        return config;
    }

    /** POSTs a resource to its collection (201 Created). */
    public void create(MidonetResource resource) {
        expect(call("POST", resource.createPath(), resource.mediaType(), MidonetJson.body(resource), name(resource)),
                "POST", resource.createPath(), 201);
    }

    /** PUTs the full representation of an updatable resource (204, or 200 for hosts). */
    public void update(MidonetResource resource) {
        expect(call("PUT", resource.itemPath(), resource.mediaType(), MidonetJson.body(resource), name(resource)),
                "PUT", resource.itemPath(), 204, 200);
    }

    /** DELETEs a resource; false when it was not there (MidoNet answers 404 for some kinds, 204 for others). */
    public boolean delete(MidonetResource resource) {
        return delete(resource.itemPath(), name(resource));
    }

    /** DELETEs the object a reference names; false when it was not there. */
    public boolean delete(MidonetRef object) {
        return delete(object.itemPath(), object.kind().translationName());
    }

    private boolean delete(String path, String resource) {
        Reply reply = call("DELETE", path, null, null, resource);
        if (reply.status() == 404) {
            return false;
        }
        expect(reply, "DELETE", path, 204, 200);
        return true;
    }

    /** The object at a resource's item path, or empty when there is none. */
    public Optional<JsonNode> get(MidonetResource resource) {
        return get(resource.itemPath(), resource.mediaType());
    }

    public Optional<JsonNode> get(String path, String mediaType) {
        Reply reply = call("GET", path, mediaType, null, resourceOf(path));
        if (reply.status() == 404) {
            return Optional.empty();
        }
        expect(reply, "GET", path, 200);
        return Optional.of(parse("GET", path, reply.body()));
    }

    /** A collection, e.g. list("/routers/ID/routes", ResourceKind.ROUTE.collectionMediaType()). */
    public List<JsonNode> list(String path, String collectionMediaType) {
        Reply reply = call("GET", path, collectionMediaType, null, resourceOf(path));
        expect(reply, "GET", path, 200);
        List<JsonNode> items = new ArrayList<>();
        parse("GET", path, reply.body()).forEach(items::add);
        return items;
    }

    /** The hosts MidoNet agents registered. */
    public List<JsonNode> hosts() {
        return list("/hosts", "application/vnd.org.midonet.collection.Host-v3+json");
    }

    /**
     * Sends one request with the token, logging in first if needed and once more if the token is refused.
     * Answers are returned whatever their status; only a missing answer throws.
     */
    public Reply call(String method, String path, String mediaType, String body, String resource) {
        if (token == null) {
            login();
        }
        Reply reply = send(method, path, mediaType, body, resource);
        if (reply.status() == 401) {
            login();
            reply = send(method, path, mediaType, body, resource);
        }
        return reply;
    }

    private Reply send(String method, String path, String mediaType, String body, String resource) {
        Request.Builder request = new Request.Builder().url(url(apiRoot, path));
        String currentToken = token;
        if (currentToken != null) {
            request.header(TOKEN_HEADER, currentToken);
        }
        if (body != null) {
            request.method(method, RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get(mediaType)));
            request.header("Content-Type", mediaType);
        } else {
            request.method(method, null);
            if (mediaType != null) {
                request.header("Accept", mediaType);
            }
        }
        return execute(request.build(), method, path, resource);
    }

    private Reply execute(Request request, String method, String path, String resource) {
        long start = System.nanoTime();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            int status = response.code();
            metrics.record(method, resource, Integer.toString(status), System.nanoTime() - start, status >= 400);
            return new Reply(status, text);
        } catch (IOException e) {
            metrics.record(method, resource, "error", System.nanoTime() - start, true);
            throw new MidonetException(method, path, 0, "no answer from " + config.baseUri().getHost() + ": " + e, true, e);
        }
    }

    private synchronized void login() {
        String credentials = Base64.getEncoder().encodeToString(
                (config.username() + ":" + loginPassword()).getBytes(StandardCharsets.UTF_8));
        Request.Builder request = new Request.Builder().url(url(apiRoot, "/login"))
                .post(RequestBody.create(new byte[0], null))
                .header("Authorization", "Basic " + credentials).header("Accept", TOKEN_MEDIA_TYPE);
        if (config.project() != null && !config.project().isEmpty()) {
            request.header("X-Auth-Project", config.project());
        }
        Reply reply = execute(request.build(), "POST", "/login", "login");
        if (reply.status() != 200) {
            throw new MidonetException("POST", "/login", reply.status(),
                    "login as " + config.username() + " refused: " + errorMessage(reply.body()), reply.status() >= 500, null);
        }
        token = parse("POST", "/login", reply.body()).path("key").asText(null);
    }

    /** The password file's current content, or the password known before when the file cannot be read now. */
    private String loginPassword() {
        try {
            return config.loginPassword();
        } catch (IOException e) {
            LOG.warn("cannot read the MidoNet password file {} ({}); logging in with the password read before",
                    config.passwordFile(), e.toString());
            return config.password();
        }
    }

    private void expect(Reply reply, String method, String path, int... ok) {
        for (int status : ok) {
            if (reply.status() == status) {
                return;
            }
        }
        String message = errorMessage(reply.body());
        throw new MidonetException(method, path, reply.status(), message, retriable(reply.status(), message), null);
    }

    /**
     * Whether a failed call may succeed later as it is: 5xx; 404, a parent or referent not there yet; and
     * the 400 MidoNet gives a route whose next-hop port does not exist yet. Other 4xx are terminal.
     */
    static boolean retriable(int status, String message) {
        return status >= 500 || status == 404 || (status == 400 && message.contains("next hop port"));
    }

    /** MidoNet's error text: "message" and any violations, or the raw body when it is not error JSON. */
    String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(no message)";
        }
        try {
            JsonNode error = json.readTree(body);
            StringBuilder text = new StringBuilder(error.path("message").asText(body));
            for (JsonNode v : error.path("violations")) {
                text.append("; ").append(v.path("property").asText()).append(": ").append(v.path("message").asText());
            }
            return text.toString();
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) + "..." : body;
        }
    }

    private JsonNode parse(String method, String path, String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new MidonetException(method, path, 200, "the answer is not JSON: " + e.getMessage(), false, e);
        }
    }

    private static String name(MidonetResource resource) {
        return resource.kind().translationName();
    }

    /** The URL of a path relative to the API root ("/routers/ID/ports"); a path with a query is parsed whole. */
    static HttpUrl url(HttpUrl apiRoot, String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        if (relative.indexOf('?') >= 0) {
            String root = apiRoot.toString();
            return HttpUrl.get((root.endsWith("/") ? root : root + "/") + relative);
        }
        return apiRoot.newBuilder().addEncodedPathSegments(relative).build();
    }

    /** The metrics label of a path: its first segment ("routers" for /routers/ID/ports). */
    static String resourceOf(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(0, slash);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}

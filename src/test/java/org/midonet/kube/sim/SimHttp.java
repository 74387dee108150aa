package org.midonet.kube.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A small client of the emulator over real HTTP for the tests, always sending explicit headers. Vendor media
 * type names are given short ("Router-v3"); {@link #vendor} and {@link #collection} spell them out.
 */
final class SimHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI root;
    private String token;

    SimHttp(URI root) {
        this.root = root;
    }

    static String vendor(String name) {
        return "application/vnd.org.midonet." + name + "+json";
    }

    static String collection(String name) {
        return "application/vnd.org.midonet.collection." + name + "+json";
    }

    /** An answer: status, headers and body text. */
    record Response(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String message() {
            return json().path("message").asText();
        }

        /** The id at the end of the Location header (the port id of a MAC entry's key). */
        UUID createdId() {
            String location = header("Location");
            return UUID.fromString(location.substring(location.length() - 36));
        }
    }

    /** A JSON object from alternating names and values (values of any type, UUIDs as strings). */
    static String json(Object... namesAndValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            node.set((String) namesAndValues[i], JSON.valueToTree(value instanceof UUID ? value.toString() : value));
        }
        return node.toString();
    }

    void token(String token) {
        this.token = token;
    }

    /** Logs in with Basic credentials and keeps the token. */
    Response login(String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Response reply = send("POST", "/login", Map.of("Authorization", "Basic " + basic,
                "Accept", vendor("Token-v1"), "X-Auth-Project", "admin"), "");
        if (reply.status() == 200) {
            token = reply.json().path("key").asText();
        }
        return reply;
    }

    Response get(String path, String accept) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (accept != null) {
            headers.put("Accept", accept);
        }
        return send("GET", path, headers, null);
    }

    JsonNode getJson(String path, String accept) {
        Response reply = get(path, accept);
        assertThat(reply.status()).as("GET %s: %s", path, reply.body()).isEqualTo(200);
        return reply.json();
    }

    Response post(String path, String contentType, String body) {
        return send("POST", path, contentType == null ? Map.of() : Map.of("Content-Type", contentType), body);
    }

    Response put(String path, String contentType, String body) {
        return send("PUT", path, contentType == null ? Map.of() : Map.of("Content-Type", contentType), body);
    }

    Response delete(String path) {
        return send("DELETE", path, Map.of(), null);
    }

    /** POSTs and expects 201; returns the id in the Location. */
    UUID create(String path, String type, String body) {
        Response reply = post(path, vendor(type), body);
        assertThat(reply.status()).as("POST %s %s: %s", path, body, reply.body()).isEqualTo(201);
        return reply.createdId();
    }

    Response send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

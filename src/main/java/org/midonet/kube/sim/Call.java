package org.midonet.kube.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One request as an operation handler sees it: path variables, body, negotiated type and answer helpers. */
final class Call {
    final Request request;
    final Map<String, String> variables;
    final String responseType;
    final SimState state;
    final Renderer render;

    Call(Request request, Map<String, String> variables, String responseType, SimState state) {
        this.request = request;
        this.variables = variables;
        this.responseType = responseType;
        this.state = state;
        this.render = state.renderer(request.base());
    }

    String variable(String name) {
        return variables.get(name);
    }

    /** A path variable that must be a UUID; anything else names no resource (404, as JAX-RS does). */
    UUID id(String name) {
        String value = variables.get(name);
        try {
            if (value.length() == 36) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw ApiException.notFound("Resource not found");
    }

    String query(String name) {
        return request.query().get(name);
    }

    /** The JSON body; 400 when it is missing or not JSON. */
    Body body() {
        String text = new String(request.body(), StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw ApiException.badRequest("No content to map due to end-of-input");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (!node.isObject()) {
                throw ApiException.badRequest("Can not deserialize a JSON " + node.getNodeType().name().toLowerCase()
                        + " into an object");
            }
            return new Body(node);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(e.getOriginalMessage());
        }
    }

    Reply ok(JsonNode json) {
        return Reply.json(200, responseType, Json.write(json));
    }

    Reply ok(List<? extends JsonNode> items) {
        return Reply.json(200, responseType, Json.write(Json.array(items)));
    }

    /** 201 with the absolute Location of a path below the API root. */
    Reply created(String path) {
        return Reply.created(request.base() + path);
    }
}

package org.midonet.kube.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.UUID;

/** JSON helpers of the emulator. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static ArrayNode array(Collection<? extends JsonNode> items) {
        ArrayNode array = NODES.arrayNode();
        array.addAll(items);
        return array;
    }

    static ArrayNode uuids(Collection<UUID> ids) {
        ArrayNode array = NODES.arrayNode();
        ids.forEach(id -> array.add(id.toString()));
        return array;
    }

    /** Puts a UUID as a string, or null. */
    static void put(ObjectNode node, String field, UUID id) {
        if (id == null) {
            node.putNull(field);
        } else {
            node.put(field, id.toString());
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String errorBody(ApiException e) {
        ObjectNode error = object();
        if (e.getMessage() == null) {
            error.putNull("message");
        } else {
            error.put("message", e.getMessage());
        }
        error.put("code", e.status());
        if (!e.violations().isEmpty()) {
            ArrayNode violations = error.putArray("violations");
            e.violations().forEach(v -> violations.addObject().put("property", v.property()).put("message", v.message()));
        }
        return write(error);
    }
}

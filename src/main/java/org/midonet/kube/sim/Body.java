package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads the fields of a request body the way MidoNet's Jackson binding and bean validation do: a value of the
 * wrong JSON type fails at once with a 400 (binding), while constraint failures are collected as violations and
 * reported together by {@link #validate()}. Unknown properties are ignored.
 */
final class Body {
    private final JsonNode node;
    private final List<Violation> violations = new ArrayList<>();

    Body(JsonNode node) {
        this.node = node;
    }

    JsonNode node() {
        return node;
    }

    /** Whether the property is present and not null. */
    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    JsonNode raw(String field) {
        return has(field) ? node.get(field) : null;
    }

    void violation(String property, String message) {
        violations.add(new Violation(property, message));
    }

    boolean hasViolations() {
        return !violations.isEmpty();
    }

    /** Throws the collected violations as one 400. */
    void validate() {
        if (!violations.isEmpty()) {
            throw ApiException.validation(violations);
        }
    }

    String string(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (value.isContainerNode()) {
            throw binding(field, "String", value);
        }
        return value.asText();
    }

    /** A string of at most max characters (a violation otherwise). */
    String string(String field, int max) {
        String value = string(field);
        if (value != null && value.length() > max) {
            violation(field, "size must be between 0 and " + max);
        }
        return value;
    }

    /** A required string of min..max characters. */
    String requiredString(String field, int min, int max) {
        String value = string(field);
        if (value == null) {
            violation(field, "may not be null");
        } else if (value.length() < min || value.length() > max) {
            violation(field, "size must be between " + min + " and " + max);
        }
        return value;
    }

    boolean bool(String field, boolean otherwise) {
        JsonNode value = raw(field);
        if (value == null) {
            return otherwise;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Boolean.parseBoolean(value.asText());
        }
        throw binding(field, "boolean", value);
    }

    Long longValue(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isTextual()) {
            try {
                return Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                throw binding(field, "long", value);
            }
        }
        throw binding(field, "long", value);
    }

    Integer integer(String field) {
        Long value = longValue(field);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw binding(field, "int", raw(field));
        }
        return value.intValue();
    }

    int integer(String field, int otherwise) {
        Integer value = integer(field);
        return value == null ? otherwise : value;
    }

    /** An optional integer within min..max (violations otherwise). */
    Integer integer(String field, long min, long max) {
        Integer value = integer(field);
        range(field, value, min, max);
        return value;
    }

    void range(String field, Integer value, long min, long max) {
        if (value != null && value < min) {
            violation(field, "must be greater than or equal to " + min);
        } else if (value != null && value > max) {
            violation(field, "must be less than or equal to " + max);
        }
    }

    UUID uuid(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        return parseUuid(field, value);
    }

    List<UUID> uuids(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw binding(field, "java.util.List<java.util.UUID>", value);
        }
        List<UUID> ids = new ArrayList<>();
        for (JsonNode item : value) {
            ids.add(parseUuid(field, item));
        }
        return ids;
    }

    List<String> strings(String field) {
        JsonNode value = raw(field);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw binding(field, "java.util.List<java.lang.String>", value);
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (item.isContainerNode()) {
                throw binding(field, "String", item);
            }
            items.add(item.isNull() ? null : item.asText());
        }
        return items;
    }

    /** An optional IPv4 address; a malformed one is a violation with the given message. */
    String ipv4(String field, boolean required, String invalidMessage) {
        String value = string(field);
        if (value == null) {
            if (required) {
                violation(field, "may not be null");
            }
        } else if (!Net.isIpv4(value)) {
            violation(field, invalidMessage);
        }
        return value;
    }

    private static UUID parseUuid(String field, JsonNode value) {
        if (value.isTextual()) {
            try {
                String text = value.asText();
                UUID id = UUID.fromString(text);
                if (text.length() == 36) {
                    return id;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw binding(field, "java.util.UUID", value);
    }

    static ApiException binding(String field, String type, JsonNode value) {
        return ApiException.badRequest("Can not construct instance of " + type + " from value " + value
                + " (through reference chain: " + field + ")");
    }
}

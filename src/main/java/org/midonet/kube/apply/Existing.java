package org.midonet.kube.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.model.MidonetJson;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.PortLink;
import org.midonet.kube.midonet.model.ResourceKind;

/** Reads what MidoNet holds for a resource and compares it with what a Translation wants. */
public final class Existing {
    private Existing() {
    }

    /** What MidoNet has at the resource's place, or empty; a port link is read from its port. */
    public static Optional<JsonNode> read(MidonetClient client, MidonetResource resource) {
        if (resource instanceof PortLink link) {
            return client.get("/ports/" + link.portId(), ResourceKind.PORT.mediaType());
        }
        return client.get(resource);
    }

    /**
     * Whether the object MidoNet has is the one wanted: every field the Translation sends has the same
     * value (MidoNet adds others, such as uri). A rule's position is where it was put, not part of it.
     */
    public static boolean matches(JsonNode actual, MidonetResource wanted) {
        if (wanted instanceof PortLink link) {
            return link.peerId().toString().equalsIgnoreCase(actual.path("peerId").asText());
        }
        JsonNode body = MidonetJson.mapper().valueToTree(wanted);
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("position") && !same(field.getValue(), actual.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(JsonNode wanted, JsonNode actual) {
        if (actual == null) {
            return false;
        }
        if (wanted.isTextual() && actual.isTextual()) {
            return wanted.asText().equalsIgnoreCase(actual.asText());
        }
        if (wanted.isNumber() && actual.isNumber()) {
            return wanted.asLong() == actual.asLong();
        }
        if (wanted.isArray() && actual.isArray() && wanted.size() == actual.size()) {
            for (int i = 0; i < wanted.size(); i++) {
                if (!same(wanted.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (wanted.isObject() && actual.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = wanted.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!same(field.getValue(), actual.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return wanted.equals(actual);
    }
}

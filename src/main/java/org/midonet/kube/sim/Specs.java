package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/**
 * Helpers for the "spec" of stored objects (their settable fields as JSON) and the existence checks MidoNet's
 * storage bindings make on create and update (reference §6): a missing referent is a 404 naming its class.
 */
final class Specs {
    private Specs() {
    }

    /**
     * The settable fields bridges and routers share: tenant, name, admin state, filters and mirrors. A PUT
     * replaces them all, so omitted ones take their defaults.
     */
    static ObjectNode deviceFields(Body body) {
        ObjectNode spec = Json.object();
        spec.put("tenantId", body.string("tenantId"));
        spec.put("name", body.string("name", 255));
        spec.put("adminStateUp", body.bool("adminStateUp", true));
        Json.put(spec, "inboundFilterId", body.uuid("inboundFilterId"));
        Json.put(spec, "outboundFilterId", body.uuid("outboundFilterId"));
        putUuids(spec, "inboundMirrorIds", body.uuids("inboundMirrorIds"));
        putUuids(spec, "outboundMirrorIds", body.uuids("outboundMirrorIds"));
        return spec;
    }

    static void putUuids(ObjectNode spec, String field, List<UUID> ids) {
        if (ids == null) {
            spec.putNull(field);
        } else {
            spec.set(field, Json.uuids(ids));
        }
    }

    static void putStrings(ObjectNode spec, String field, List<String> values) {
        if (values == null) {
            spec.putNull(field);
        } else {
            values.forEach(spec.putArray(field)::add);
        }
    }

    static UUID uuid(ObjectNode spec, String field) {
        JsonNode value = spec.get(field);
        return value == null || value.isNull() ? null : UUID.fromString(value.asText());
    }

    /** 404 "There is no Chain with ID ..." for a chain field naming a chain that does not exist. */
    static void requireChains(SimState state, ObjectNode spec, List<String> fields) {
        for (String field : fields) {
            UUID chainId = uuid(spec, field);
            if (chainId != null && !state.chains.containsKey(chainId)) {
                throw ApiException.noSuch("Chain", chainId);
            }
        }
    }

    /**
     * The emulator has no mirrors, QoS policies or load balancers, so a reference to one always names a missing
     * object, as it would on a MidoNet without them.
     */
    static void requireNoUnmodelled(ObjectNode spec, List<String> mirrorFields, String... singleFields) {
        for (String field : mirrorFields) {
            JsonNode ids = spec.get(field);
            if (ids != null && ids.isArray() && ids.size() > 0) {
                throw ApiException.noSuch("Mirror", ids.get(0).asText());
            }
        }
        for (String field : singleFields) {
            UUID id = uuid(spec, field);
            if (id != null) {
                throw ApiException.noSuch(field.equals("qosPolicyId") ? "QosPolicy" : "LoadBalancer", id);
            }
        }
    }

    /** Whether a tenant filter (?tenant_id=) lets an object through. */
    static boolean tenantMatches(ObjectNode spec, String tenantId) {
        return tenantId == null || tenantId.equals(spec.path("tenantId").asText(null));
    }
}

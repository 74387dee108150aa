package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a rule body into the rule's stored fields with MidoNet's checks (reference §5.6): the type, the
 * condition, the fields of each type and the fragment policy defaults. The position is read separately.
 */
final class RuleParser {
    static final Set<String> TYPES = Set.of("accept", "drop", "reject", "return", "jump", "dnat", "snat", "rev_dnat",
            "rev_snat", "l2_transform", "trace");
    private static final List<String> NAT_FLOW_ACTIONS = List.of("accept", "continue", "return");
    private static final List<String> L2_FLOW_ACTIONS = List.of("accept", "redirect");
    private static final Set<String> FRAGMENT_POLICIES = Set.of("any", "header", "nonheader", "unfragmented");

    static final String FRAGMENT_POLICY_UNDEFINED = "The valid options for fragmentPolicy are: 'any', 'header', "
            + "'nonheader', and 'unfragmented'.";
    static final String FRAGMENT_POLICY_L4 = "For a rule with tpDst or tpSrc constraints, the fragmentPolicy must be "
            + "'header' or 'unfragmented'.";
    static final String FRAGMENT_POLICY_NAT = "For a NAT rule with port constraints or multiple targets, the "
            + "fragmentPolicy must be 'unfragmented'.";
    /** The text the range validator gives: its message key, which has no entry in MidoNet's messages. */
    static final String RANGE_NOT_VALID = "midokura.javarx.RangeNotValid";
    private static final String INVALID_IP = "is not a valid IP address";

    private static final List<String> BOOLEANS = List.of("condInvert", "matchForwardFlow", "matchReturnFlow",
            "invInPorts", "invOutPorts", "invPortGroup", "invInPortGroup", "invOutPortGroup", "invIpAddrGroupSrc",
            "invIpAddrGroupDst", "invTraversedDevice", "noVlan", "invDlType", "invDlSrc", "invDlDst", "invNwTos",
            "invNwProto", "invNwSrc", "invNwDst", "invTpSrc", "invTpDst", "matchNwDstRewritten", "invIcmpDataSrcIp",
            "invIcmpDataDstIp");
    private static final List<String> UUID_LISTS = List.of("inPorts", "outPorts");
    private static final List<String> UUIDS = List.of("portGroup", "inPortGroup", "outPortGroup", "ipAddrGroupSrc",
            "ipAddrGroupDst", "traversedDevice");

    private RuleParser() {
    }

    /** The rule's type; 400 when missing or unknown (no subtype registered for it). */
    static String type(Body body) {
        String type = body.string("type");
        if (type == null) {
            throw ApiException.badRequest("Unexpected token (END_OBJECT), expected FIELD_NAME: missing property 'type' "
                    + "that is to contain type id (for class org.midonet.cluster.rest_api.models.Rule)");
        }
        if (!TYPES.contains(type)) {
            throw ApiException.badRequest("Could not resolve type id '" + type + "' into a subtype of Rule");
        }
        return type;
    }

    /** The 1-based position asked for: 0 or none means 1, the head; a negative one is a violation. */
    static int position(Body body) {
        Integer position = body.integer("position");
        if (position != null && position < 0) {
            body.violation("position", "must be greater than or equal to 1");
        }
        return position == null || position < 1 ? 1 : position;
    }

    /** The stored fields of a rule of the given type; violations are left in the body for the caller. */
    static ObjectNode spec(Body body, String type) {
        ObjectNode spec = Json.object();
        spec.put("type", type);
        condition(body, spec);
        switch (type) {
            case "jump":
                UUID target = body.uuid("jumpChainId");
                if (target == null) {
                    body.violation("jumpChainId", "may not be null");
                }
                Json.put(spec, "jumpChainId", target);
                spec.put("jumpChainName", body.string("jumpChainName"));
                break;
            case "dnat":
            case "snat":
                spec.put("flowAction", flowAction(body, NAT_FLOW_ACTIONS, true));
                spec.set("natTargets", natTargets(body));
                break;
            case "rev_dnat":
            case "rev_snat":
                spec.put("flowAction", flowAction(body, NAT_FLOW_ACTIONS, true));
                break;
            case "l2_transform":
                spec.put("flowAction", flowAction(body, L2_FLOW_ACTIONS, false));
                spec.put("popVlan", body.bool("popVlan", false));
                spec.put("pushVlan", body.integer("pushVlan", 0));
                body.range("pushVlan", spec.get("pushVlan").intValue(), 0, 0xFFFF);
                Json.put(spec, "targetPortId", body.uuid("targetPortId"));
                spec.put("ingress", body.bool("ingress", false));
                spec.put("failOpen", body.bool("failOpen", false));
                break;
            case "trace":
                UUID request = body.uuid("requestId");
                if (request == null) {
                    body.violation("requestId", "may not be null");
                }
                Json.put(spec, "requestId", request);
                spec.put("limit", body.longValue("limit"));
                break;
            default:
                break;
        }
        spec.put("meterName", body.string("meterName"));
        fragmentPolicy(body, spec, type);
        return spec;
    }

    private static void condition(Body body, ObjectNode spec) {
        for (String field : BOOLEANS) {
            spec.put(field, body.bool(field, false));
        }
        for (String field : UUID_LISTS) {
            Specs.putUuids(spec, field, body.uuids(field));
        }
        for (String field : UUIDS) {
            Json.put(spec, field, body.uuid(field));
        }
        spec.put("dlType", body.integer("dlType", 0x0600, 0xFFFF));
        spec.put("dlSrc", mac(body, "dlSrc"));
        spec.put("dlSrcMask", macMask(body, "dlSrcMask"));
        spec.put("dlDst", mac(body, "dlDst"));
        spec.put("dlDstMask", macMask(body, "dlDstMask"));
        spec.put("vlan", body.integer("vlan"));
        spec.put("nwTos", body.integer("nwTos"));
        spec.put("nwProto", body.integer("nwProto"));
        address(body, spec, "nwSrcAddress", "nwSrcLength");
        address(body, spec, "nwDstAddress", "nwDstLength");
        address(body, spec, "icmpDataSrcIpAddress", "icmpDataSrcIpLength");
        address(body, spec, "icmpDataDstIpAddress", "icmpDataDstIpLength");
        spec.set("tpSrc", portRange(body, "tpSrc"));
        spec.set("tpDst", portRange(body, "tpDst"));
    }

    private static void address(Body body, ObjectNode spec, String addressField, String lengthField) {
        spec.put(addressField, body.ipv4(addressField, false, INVALID_IP));
        Integer length = body.integer(lengthField, 0, 32);
        spec.put(lengthField, length == null ? 0 : length);
    }

    private static String mac(Body body, String field) {
        String mac = body.string(field);
        if (mac != null && !Net.isMac(mac)) {
            throw ApiException.badRequest(Net.MAC_INVALID);
        }
        return mac == null ? null : Net.normalizeMac(mac);
    }

    private static String macMask(Body body, String field) {
        String mask = body.string(field);
        if (mask != null && !Net.isMacMask(mask)) {
            throw ApiException.badRequest(Net.MAC_MASK_INVALID);
        }
        return mask;
    }

    /** {"start": s, "end": e}, both 1..65535 and s <= e; a missing bound fails inside the validator (500). */
    private static JsonNode portRange(Body body, String field) {
        JsonNode range = body.raw(field);
        if (range == null) {
            return NullNode.instance;
        }
        if (!range.isObject()) {
            throw Body.binding(field, "org.midonet.cluster.rest_api.models.Condition$Range", range);
        }
        JsonNode start = range.get("start");
        JsonNode end = range.get("end");
        if (start == null || start.isNull() || end == null || end.isNull()) {
            throw ApiException.serverError("java.lang.NullPointerException (" + field + " needs both start and end)");
        }
        if (!start.canConvertToInt() || !end.canConvertToInt()) {
            throw Body.binding(field, "java.lang.Integer", start.canConvertToInt() ? end : start);
        }
        int s = start.asInt();
        int e = end.asInt();
        if (s < 1 || e > 65535 || s > e) {
            body.violation(field, RANGE_NOT_VALID);
        }
        ObjectNode copy = Json.object();
        copy.put("start", s);
        copy.put("end", e);
        return copy;
    }

    private static String flowAction(Body body, List<String> allowed, boolean required) {
        String action = body.string("flowAction");
        if (action == null) {
            if (required) {
                body.violation("flowAction", "may not be null");
            }
        } else if (!allowed.contains(action)) {
            body.violation("flowAction", "must be one of " + allowed);
        }
        return action;
    }

    private static ArrayNode natTargets(Body body) {
        JsonNode targets = body.raw("natTargets");
        ArrayNode copy = Json.array();
        if (targets == null) {
            body.violation("natTargets", "may not be null");
            return copy;
        }
        if (!targets.isArray()) {
            throw Body.binding("natTargets", "java.util.List<NatTarget>", targets);
        }
        if (targets.isEmpty()) {
            body.violation("natTargets", "size must be between 1 and 2147483647");
        }
        for (JsonNode target : targets) {
            Body t = new Body(target.isObject() ? target : Json.object());
            ObjectNode c = copy.addObject();
            c.put("addressFrom", t.string("addressFrom"));
            c.put("addressTo", t.string("addressTo"));
            c.put("portFrom", t.integer("portFrom", 0));
            c.put("portTo", t.integer("portTo", 0));
        }
        return copy;
    }

    /** The fragment policy rules: defaults by kind of rule, and the only values some kinds allow. */
    private static void fragmentPolicy(Body body, ObjectNode spec, String type) {
        String policy = body.string("fragmentPolicy");
        if (policy != null && !FRAGMENT_POLICIES.contains(policy)) {
            throw ApiException.badRequest(FRAGMENT_POLICY_UNDEFINED);
        }
        boolean l4 = !spec.get("tpSrc").isNull() || !spec.get("tpDst").isNull();
        boolean forwardNat = type.equals("dnat") || type.equals("snat");
        if (forwardNat && !pureAddressNat(spec, l4)) {
            if (policy == null) {
                policy = "unfragmented";
            } else if (!policy.equals("unfragmented")) {
                body.violation("fragmentPolicy", FRAGMENT_POLICY_NAT);
            }
        } else if (l4) {
            if (policy == null) {
                policy = "header";
            } else if (!policy.equals("header") && !policy.equals("unfragmented")) {
                body.violation("fragmentPolicy", FRAGMENT_POLICY_L4);
            }
        } else if (policy == null) {
            policy = "any";
        }
        spec.put("fragmentPolicy", policy);
    }

    /** One target, one address, no port translation and no port condition: a plain 1:1 address NAT. */
    private static boolean pureAddressNat(ObjectNode spec, boolean l4) {
        JsonNode targets = spec.get("natTargets");
        if (l4 || targets.size() != 1) {
            return false;
        }
        JsonNode t = targets.get(0);
        return t.path("addressFrom").asText("").equals(t.path("addressTo").asText(""))
                && t.path("portFrom").asInt() == 0 && t.path("portTo").asInt() == 0;
    }
}

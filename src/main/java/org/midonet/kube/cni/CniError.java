package org.midonet.kube.cni;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A failed CNI operation with its error code: the specification's well-known codes below 100, this
 * plugin's own from 100. It is printed on standard output as the specification's error object.
 */
public final class CniError extends Exception {
    public static final int INCOMPATIBLE_VERSION = 1;
    public static final int UNSUPPORTED_FIELD = 2;
    public static final int UNKNOWN_CONTAINER = 3;
    public static final int INVALID_ENVIRONMENT = 4;
    public static final int IO_FAILURE = 5;
    public static final int DECODING_FAILURE = 6;
    public static final int INVALID_CONFIG = 7;
    public static final int TRY_AGAIN_LATER = 11;
    /** The kernel refused a network change (an ip command failed). */
    public static final int PLUMBING_FAILED = 100;
    /** CHECK found the Pod's network not as ADD left it. */
    public static final int CHECK_FAILED = 101;
    /** The IPAM plugin failed without a CNI error of its own. */
    public static final int IPAM_FAILED = 102;
    /** The node agent refused the Pod's MAC report (a Pod of another node, a report from another user). */
    public static final int AGENT_REFUSED = 103;

    private final int code;
    private final String details;

    public CniError(int code, String message) {
        this(code, message, null);
    }

    public CniError(int code, String message, String details) {
        super(message);
        this.code = code;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public String details() {
        return details;
    }

    public ObjectNode toJson(String cniVersion) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("cniVersion", cniVersion);
        json.put("code", code);
        json.put("msg", getMessage());
        if (details != null && !details.isBlank()) {
            json.put("details", details);
        }
        return json;
    }
}

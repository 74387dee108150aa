package org.midonet.kube.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The hash a Translation's status records as applied: SHA-256, in lowercase hex, of the canonical JSON of
 * its resources list, i.e. {@code [{"body":"...","kind":"...","parent":"..."}, ...]} in list order, keys
 * sorted, no white space, a missing parent as "". The body is hashed as the string it is.
 */
public final class ContentHash {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContentHash() {
    }

    public static String of(List<BackendResource> resources) {
        ArrayNode array = JSON.createArrayNode();
        for (BackendResource r : resources) {
            ObjectNode entry = array.addObject();
            entry.put("body", nullToEmpty(r.getBody()));
            entry.put("kind", nullToEmpty(r.getKind()));
            entry.put("parent", nullToEmpty(r.getParent()));
        }
        try {
            byte[] canonical = JSON.writeValueAsString(array).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a Translation's resources", e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}

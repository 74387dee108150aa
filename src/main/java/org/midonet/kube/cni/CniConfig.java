package org.midonet.kube.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The network configuration on standard input, validated. The plugin's own fields are agentSocket, the node
 * agent's Unix domain socket, and mtu, the MTU of the Pods' veth pairs (0 when absent: the kernel's); ipam is
 * handed whole to the IPAM plugin it names.
 */
record CniConfig(String cniVersion, String name, String ipamType, Path agentSocket, int mtu, JsonNode prevResult,
        JsonNode dns, byte[] raw) {

    /** The specification's network name and, here, the IPAM plugin's file name too. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");
    static final Path DEFAULT_AGENT_SOCKET = Path.of("/var/run/midonet-kube/agent.sock");
    static final ObjectMapper JSON = new ObjectMapper();

    /** The cniVersion of an input whatever else is wrong with it, for the version of an error; null if none. */
    static String versionOf(byte[] raw) {
        try {
            JsonNode version = JSON.readTree(raw).path("cniVersion");
            return version.isTextual() && CniVersions.supported(version.asText()) ? version.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Only the cniVersion, which is all VERSION reads. */
    static String parseVersion(byte[] raw) throws CniError {
        JsonNode root = root(raw);
        return version(root);
    }

    static CniConfig parse(byte[] raw) throws CniError {
        JsonNode root = root(raw);
        String version = version(root);
        String name = text(root, "name");
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid("name must start with a letter or digit followed by letters, digits, _, . or -");
        }
        if (text(root, "type") == null) {
            throw invalid("type is missing");
        }
        JsonNode ipam = root.path("ipam");
        String ipamType = text(ipam, "type");
        if (!ipam.isObject() || ipamType == null || !NAME.matcher(ipamType).matches()) {
            throw invalid("ipam.type must name an IPAM plugin (a file name, such as host-local)");
        }
        Path socket = DEFAULT_AGENT_SOCKET;
        if (root.has("agentSocket")) {
            String value = text(root, "agentSocket");
            try {
                socket = value == null ? null : Path.of(value);
            } catch (InvalidPathException e) {
                socket = null;
            }
            if (socket == null || !socket.isAbsolute()) {
                throw invalid("agentSocket must be the absolute path of the node agent's socket");
            }
        }
        int mtu = 0;
        if (root.has("mtu")) {
            JsonNode value = root.get("mtu");
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 68 || value.asInt() > 65535) {
                throw invalid("mtu must be a number from 68 to 65535");
            }
            mtu = value.asInt();
        }
        JsonNode prevResult = root.get("prevResult");
        if (prevResult != null && !prevResult.isObject()) {
            throw invalid("prevResult must be an object");
        }
        JsonNode dns = root.get("dns");
        return new CniConfig(version, name, ipamType, socket, mtu, prevResult, dns, raw);
    }

    private static JsonNode root(byte[] raw) throws CniError {
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new CniError(CniError.DECODING_FAILURE, "the network configuration is not JSON",
                    e.getOriginalMessage());
        } catch (IOException e) {
            throw new CniError(CniError.IO_FAILURE, "cannot read the network configuration", e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CniError(CniError.DECODING_FAILURE, "the network configuration is not a JSON object");
        }
        return root;
    }

    private static String version(JsonNode root) throws CniError {
        String version = text(root, "cniVersion");
        if (version == null) {
            throw invalid("cniVersion is missing");
        }
        if (!CniVersions.supported(version)) {
            throw new CniError(CniError.INCOMPATIBLE_VERSION, "CNI version " + CniRequest.printable(version)
                    + " is not supported", "supported versions: " + String.join(", ", CniVersions.SUPPORTED));
        }
        return version;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    private static CniError invalid(String message) {
        return new CniError(CniError.INVALID_CONFIG, "invalid network configuration: " + message);
    }
}

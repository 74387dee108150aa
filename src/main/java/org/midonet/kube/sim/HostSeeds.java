package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads the hosts to seed the emulator with: a YAML or JSON file holding a list of {@code {id, name, addresses,
 * alive}} (or an object with such a list under "hosts"), or {@code NAME[=UUID]} flags. A host without an id gets
 * {@link SimHost#idFor(String)}; alive defaults to true. Errors are IllegalArgumentExceptions whose message says
 * what is wrong and where.
 */
public final class HostSeeds {
    private HostSeeds() {
    }

    public static List<SimHost> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("hosts file " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read hosts file " + file + ": " + e.getMessage());
        }
        JsonNode root;
        try {
            String trimmed = text.stripLeading();
            ObjectMapper mapper = trimmed.startsWith("[") || trimmed.startsWith("{") ? Json.MAPPER : new YAMLMapper();
            root = mapper.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("hosts file " + file + " is neither YAML nor JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root != null && root.isObject() && root.has("hosts")) {
            root = root.get("hosts");
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("hosts file " + file + " must hold a list of hosts ({id, name, addresses})");
        }
        List<SimHost> hosts = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            hosts.add(fromJson(root.get(i), "hosts file " + file + ", entry " + (i + 1)));
        }
        return hosts;
    }

    /** A host from {id?, name, alive?, addresses?}; {@code where} starts error messages. */
    public static SimHost fromJson(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": a host must be an object {id, name, addresses}");
        }
        JsonNode name = node.get("name");
        if (name == null || !name.isValueNode() || name.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": a host needs a name");
        }
        UUID id = node.hasNonNull("id") ? uuid(node.get("id").asText(), where) : SimHost.idFor(name.asText());
        List<String> addresses = new ArrayList<>();
        JsonNode list = node.get("addresses");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new IllegalArgumentException(where + ": addresses must be a list");
            }
            list.forEach(a -> addresses.add(a.asText()));
        }
        JsonNode alive = node.get("alive");
        if (alive != null && !alive.isBoolean()) {
            throw new IllegalArgumentException(where + ": alive must be true or false");
        }
        return new SimHost(id, name.asText(), alive == null || alive.asBoolean(), addresses);
    }

    /** A host from a flag value {@code NAME} or {@code NAME=UUID}. */
    public static SimHost fromFlag(String value) {
        int eq = value.indexOf('=');
        String name = (eq < 0 ? value : value.substring(0, eq)).trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("--host " + value + ": the host needs a name (NAME or NAME=UUID)");
        }
        UUID id = eq < 0 ? SimHost.idFor(name) : uuid(value.substring(eq + 1).trim(), "--host " + value);
        return new SimHost(id, name, true, List.of());
    }

    private static UUID uuid(String text, String where) {
        try {
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw new IllegalArgumentException(where + ": '" + text + "' is not a UUID");
    }
}

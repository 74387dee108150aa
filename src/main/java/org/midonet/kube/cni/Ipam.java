package org.midonet.kube.cni;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.midonet.kube.node.Processes;

/**
 * Delegation to the IPAM plugin the configuration names, as the specification describes: the plugin's
 * executable from CNI_PATH, run with this invocation's environment (CNI_COMMAND set to the operation) and
 * the same network configuration on standard input.
 */
class Ipam {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, String> environment;

    Ipam(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The IPAM result of an ADD: ips, routes and dns. */
    JsonNode add(CniRequest request, CniConfig config) throws CniError {
        JsonNode result = run("ADD", request, config);
        if (result == null || !result.path("ips").isArray() || result.path("ips").isEmpty()) {
            throw new CniError(CniError.IPAM_FAILED, "the IPAM plugin " + config.ipamType() + " gave no IP address");
        }
        return result;
    }

    void del(CniRequest request, CniConfig config) throws CniError {
        run("DEL", request, config);
    }

    void check(CniRequest request, CniConfig config) throws CniError {
        run("CHECK", request, config);
    }

    JsonNode run(String command, CniRequest request, CniConfig config) throws CniError {
        Path program = find(request.path(), config.ipamType());
        Map<String, String> env = new HashMap<>(environment);
        env.put("CNI_COMMAND", command);
        Processes.Outcome outcome;
        try {
            outcome = Processes.run(List.of(program.toString()), config.raw(), env, TIMEOUT);
        } catch (IOException e) {
            throw new CniError(CniError.IO_FAILURE, "cannot run the IPAM plugin " + program, e.getMessage());
        }
        JsonNode output = parse(outcome.stdout());
        if (!outcome.ok()) {
            if (output != null && output.path("code").isInt() && output.path("msg").isTextual()) {
                throw new CniError(output.get("code").asInt(), "IPAM " + config.ipamType() + ": " + output.get("msg").asText(),
                        output.path("details").asText(null));
            }
            throw new CniError(CniError.IPAM_FAILED, "the IPAM plugin " + config.ipamType() + " failed (exit code "
                    + outcome.exitCode() + ")", outcome.stderr().strip());
        }
        return output;
    }

    private static Path find(List<Path> searchPath, String type) throws CniError {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(type);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new CniError(CniError.INVALID_CONFIG, "no IPAM plugin " + type + " in CNI_PATH", searchPath.toString());
    }

    private static JsonNode parse(String stdout) {
        if (stdout.isBlank()) {
            return null;
        }
        try {
            return CniConfig.JSON.readTree(stdout);
        } catch (IOException e) {
            return null;
        }
    }
}

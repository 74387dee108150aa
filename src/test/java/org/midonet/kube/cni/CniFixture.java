package org.midonet.kube.cni;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.midonet.kube.node.Netns;

/** Runs CNI operations in-process against real namespaces, with the host-local IPAM plugin of this machine. */
final class CniFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Path> CNI_DIRS = List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"));

    /** The outcome of one operation: exit code and what it printed on standard output. */
    record Run(int exitCode, String stdout) {
        JsonNode json() throws IOException {
            return JSON.readTree(stdout);
        }

        int errorCode() throws IOException {
            return json().path("code").asInt(-1);
        }
    }

    /** The directory with host-local, or the test is skipped. */
    static Path assumeHostLocal() {
        for (Path dir : CNI_DIRS) {
            if (Files.isExecutable(dir.resolve("host-local"))) {
                return dir;
            }
        }
        assumeTrue(false, "Skipped: the host-local IPAM plugin is not installed (apt-get install containernetworking-plugins)");
        return null;
    }

    /** A network configuration as the runtime hands it to the plugin, host-local over subnet from rangeStart. */
    static String config(String cniVersion, Path socket, Path ipamDir, String subnet, String rangeStart, String gateway) {
        return "{\"cniVersion\":\"" + cniVersion + "\",\"name\":\"midonet-kube\",\"type\":\"midonet-kube\","
                + "\"agentSocket\":\"" + socket + "\",\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"" + ipamDir + "\","
                + "\"ranges\":[[{\"subnet\":\"" + subnet + "\",\"rangeStart\":\"" + rangeStart
                + "\",\"gateway\":\"" + gateway + "\"}]]}}";
    }

    static Map<String, String> env(String command, String containerId, Netns pod, String ifName, String namespace,
            String name, Path cniPath) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        if (pod != null) {
            env.put("CNI_NETNS", pod.path().toString());
        }
        env.put("CNI_IFNAME", ifName);
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + namespace + ";K8S_POD_NAME=" + name
                + ";K8S_POD_INFRA_CONTAINER_ID=" + containerId);
        env.put("CNI_PATH", cniPath.toString());
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        return env;
    }

    static Run run(Map<String, String> env, String stdin, Netns host) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CniMain.run(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), host);
        return new Run(code, out.toString(StandardCharsets.UTF_8));
    }

    /** The configuration with prevResult added, as the runtime sends it for CHECK and DEL. */
    static String withPrevResult(String config, String result) throws IOException {
        var root = (ObjectNode) JSON.readTree(config);
        root.set("prevResult", JSON.readTree(result));
        return root.toString();
    }
}

package org.midonet.kube.cni;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.midonet.kube.node.PodMac;
import org.midonet.kube.translate.Names;

/**
 * The training run behind the plugin's class data archive (CniInstaller): it goes through the code of an
 * operation without changing anything (VERSION, a CHECK of this process's own loopback interface that stops
 * at the missing IPAM plugin, an error, a report to an agent that is not there), so that the classes an ADD
 * loads are in the archive.
 */
public final class CniTraining {
    private CniTraining() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        Path empty = Files.createTempDirectory("midonet-kube-cni-training");
        try {
            String config = "{\"cniVersion\":\"1.0.0\",\"name\":\"training\",\"type\":\"midonet-kube\","
                    + "\"agentSocket\":\"" + empty.resolve("agent.sock") + "\",\"ipam\":{\"type\":\"host-local\"},"
                    + "\"prevResult\":{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"lo\"}],"
                    + "\"ips\":[{\"address\":\"127.0.0.1/8\",\"interface\":0}],\"routes\":[]}}";
            run(Map.of("CNI_COMMAND", "VERSION"), config, sink);
            run(Map.of("CNI_COMMAND", "CHECK", "CNI_CONTAINERID", "training", "CNI_NETNS", "/proc/self/ns/net",
                    "CNI_IFNAME", "lo", "CNI_PATH", empty.toString()), config, sink);
            run(Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "training"), "{", sink);
            try {
                new AgentClient().report(empty.resolve("agent.sock"),
                        new PodMac("training", "training", "02:00:00:00:00:01", "training"));
            } catch (IOException e) {
                // expected: nothing listens there
            }
            CniPlugin.IpamAddress.isIpv4Cidr("10.0.0.2/24");
            Macs.random();
            Names.podInterfaceName("training", "training");
        } finally {
            Files.deleteIfExists(empty);
        }
        System.exit(0);
    }

    private static void run(Map<String, String> env, String stdin, PrintStream sink) {
        CniMain.run(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), sink);
    }
}

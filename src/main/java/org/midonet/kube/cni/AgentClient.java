package org.midonet.kube.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import org.midonet.kube.node.LineChannel;
import org.midonet.kube.node.PodMac;

/** Reports a Pod's MAC to the node agent over its Unix domain socket: one JSON line each way. */
class AgentClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The agent answered, refusing the report (for instance a Pod of another node): its reason is the message. */
    static final class Refused extends IOException {
        Refused(String reason) {
            super(reason);
        }
    }

    /** Returns once the agent has accepted the report; Refused when it refuses, IOException when it cannot be reached. */
    void report(Path socket, PodMac mac) throws IOException {
        ObjectNode request = CniConfig.JSON.createObjectNode();
        request.put("op", "pod-mac");
        request.put("namespace", mac.namespace());
        request.put("name", mac.name());
        request.put("mac", mac.mac());
        request.put("containerId", mac.containerId());
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            LineChannel.writeLine(channel, request.toString());
            JsonNode answer = CniConfig.JSON.readTree(LineChannel.readLine(channel, TIMEOUT));
            if (!answer.path("ok").asBoolean(false)) {
                throw new Refused(answer.path("error").asText("(no reason)"));
            }
        }
    }
}

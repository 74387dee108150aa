package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midonet.kube.testing.KubectlList;

/**
 * translate reads a kubectl List far beyond SnakeYAML's default limit of 3 MiB per document: about 50 MB of
 * Services and their EndpointSlices, every Service translated with every endpoint.
 */
class LargeManifestTest {
    private static final int SERVICES = 11_000;
    private static final int ENDPOINTS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void translatesEveryServiceOfAFiftyMegabyteKubectlList() throws IOException {
        Path file = dir.resolve("cluster.yaml");
        new KubectlList(SERVICES, ENDPOINTS).writeTo(file);
        assertThat(Files.size(file)).isGreaterThan(50_000_000L);

        CommandRun run = CommandRun.of("translate", "-f", file.toString(), "-o", "json");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        Map<String, Integer> dnatTargetsByService = dnatTargetsByService(JSON.readTree(run.out()));
        Map<String, Integer> expected = new HashMap<>();
        IntStream.range(0, SERVICES).forEach(i -> expected.put(KubectlList.namespace(i) + "/service.4." + KubectlList.name(i),
                2 * ENDPOINTS));
        assertThat(dnatTargetsByService).isEqualTo(expected);
    }

    /** For each Service's Translation: how many targets its DNAT rules have, all ports together. */
    private static Map<String, Integer> dnatTargetsByService(JsonNode list) throws IOException {
        Map<String, Integer> targets = new HashMap<>();
        for (JsonNode translation : list.path("items")) {
            String name = translation.path("metadata").path("name").asText();
            if (!name.startsWith("service.4.")) {
                continue;
            }
            int count = 0;
            for (JsonNode resource : translation.path("resources")) {
                JsonNode body = JSON.readTree(resource.path("body").asText());
                if ("dnat".equals(body.path("type").asText())) {
                    count += body.path("natTargets").size();
                }
            }
            targets.put(translation.path("metadata").path("namespace").asText() + "/" + name, count);
        }
        return targets;
    }
}

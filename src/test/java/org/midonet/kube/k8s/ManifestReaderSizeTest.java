package org.midonet.kube.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One document beyond SnakeYAML's default 3 MiB, as YAML or JSON, from a file or standard input. */
class ManifestReaderSizeTest {
    private static final int SERVICES = 16_000;
    private static final int SNAKEYAML_DEFAULT_LIMIT = 3 << 20;

    @TempDir
    Path dir;

    @Test
    void readsAJsonListOfMoreThanThreeMebibytesFromStandardInput() {
        String json = "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n"
                + IntStream.range(0, SERVICES).mapToObj(ManifestReaderSizeTest::jsonService).collect(Collectors.joining(",\n"))
                + "]}\n";
        assertThat(json.length()).isGreaterThan(SNAKEYAML_DEFAULT_LIMIT);
        ClosingWatch stdin = new ClosingWatch(json.getBytes(StandardCharsets.UTF_8));

        ManifestReader.Result result = ManifestReader.read(List.of("-"), stdin);

        assertThat(result.problems()).isEmpty();
        assertThat(names(result)).hasSize(SERVICES).contains("svc-0", "svc-" + (SERVICES - 1));
        assertThat(stdin.closed).as("standard input left open").isFalse();
    }

    @Test
    void readsAYamlListOfMoreThanThreeMebibytesFromAFile() throws IOException {
        String yaml = "apiVersion: v1\nitems:\n"
                + IntStream.range(0, SERVICES).mapToObj(ManifestReaderSizeTest::yamlService).collect(Collectors.joining())
                + "kind: List\n";
        assertThat(yaml.length()).isGreaterThan(SNAKEYAML_DEFAULT_LIMIT);
        Path file = dir.resolve("list.yaml");
        Files.writeString(file, yaml);

        ManifestReader.Result result = ManifestReader.read(List.of(file.toString()), new ByteArrayInputStream(new byte[0]));

        assertThat(result.problems()).isEmpty();
        assertThat(names(result)).hasSize(SERVICES).contains("svc-0", "svc-" + (SERVICES - 1));
    }

    private static List<String> names(ManifestReader.Result result) {
        return result.objects().stream().map(HasMetadata::getMetadata).map(m -> m.getName()).toList();
    }

    private static String jsonService(int i) {
        return """
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc-%d", "namespace": "default"},
                 "spec": {"clusterIP": "10.96.%d.%d", "ports": [{"name": "http", "protocol": "TCP", "port": 80,
                 "targetPort": 8080}], "selector": {"app": "web"}, "type": "ClusterIP"}}""".formatted(i, i / 250, i % 250 + 1);
    }

    private static String yamlService(int i) {
        return """
                - apiVersion: v1
                  kind: Service
                  metadata:
                    name: svc-%d
                    namespace: default
                  spec:
                    clusterIP: 10.96.%d.%d
                    ports:
                    - {name: http, protocol: TCP, port: 80, targetPort: 8080}
                    selector: {app: web}
                    type: ClusterIP
                """.formatted(i, i / 250, i % 250 + 1);
    }

    private static final class ClosingWatch extends ByteArrayInputStream {
        private boolean closed;

        ClosingWatch(byte[] bytes) {
            super(bytes);
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

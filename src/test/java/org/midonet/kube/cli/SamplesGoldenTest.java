package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.midonet.kube.k8s.ManifestReader;

/**
 * The translation of samples/ against the expected one in src/test/resources/golden/samples.yaml, compared
 * without regard to order. After a deliberate change of the translation, regenerate the file with
 * {@code ./mvnw test -Dtest=SamplesGoldenTest -Dgolden.update=true} and review its diff like code.
 */
class SamplesGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/samples.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A resource of a Translation with its body parsed, so that key order does not matter. */
    record Resource(String kind, String parent, JsonNode body) {
        @Override
        public String toString() {
            return kind + " in " + (parent.isEmpty() ? "-" : parent) + ": " + body;
        }
    }

    @Test
    void samplesTranslateToTheGoldenFile() throws IOException {
        CommandRun run = CommandRun.of("translate", "-f", "samples/");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(GOLDEN, run.out());
        }
        Map<String, Set<Resource>> actual = translations(run.out());
        Map<String, Set<Resource>> expected = translations(Files.readString(GOLDEN));
        List<String> differences = differences(expected, actual);
        if (!differences.isEmpty()) {
            fail("the translation of samples/ differs from " + GOLDEN + ":\n" + String.join("\n", differences));
        }
    }

    @Test
    void outputIsStableAcrossRuns() {
        assertThat(CommandRun.of("translate", "-f", "samples/").out())
                .isEqualTo(CommandRun.of("translate", "-f", "samples/").out());
    }

    static Map<String, Set<Resource>> translations(String yaml) throws IOException {
        ManifestReader.Result read = ManifestReader.readText("translations", yaml);
        assertThat(read.problems()).isEmpty();
        Map<String, Set<Resource>> byName = new TreeMap<>();
        for (var object : read.objects()) {
            JsonNode node = JSON.valueToTree(object);
            Set<Resource> resources = new HashSet<>();
            for (JsonNode r : node.path("resources")) {
                resources.add(new Resource(r.path("kind").asText(), r.path("parent").asText(),
                        JSON.readTree(r.path("body").asText())));
            }
            byName.put(object.getMetadata().getNamespace() + "/" + object.getMetadata().getName(), resources);
        }
        return byName;
    }

    static List<String> differences(Map<String, Set<Resource>> expected, Map<String, Set<Resource>> actual) {
        List<String> out = new ArrayList<>();
        Set<String> names = new TreeSet<>(expected.keySet());
        names.addAll(actual.keySet());
        for (String name : names) {
            if (!actual.containsKey(name)) {
                out.add("missing Translation " + name);
            } else if (!expected.containsKey(name)) {
                out.add("unexpected Translation " + name);
            } else {
                for (Resource r : expected.get(name)) {
                    if (!actual.get(name).contains(r)) {
                        out.add(name + ": missing " + r);
                    }
                }
                for (Resource r : actual.get(name)) {
                    if (!expected.get(name).contains(r)) {
                        out.add(name + ": unexpected " + r);
                    }
                }
            }
        }
        return out;
    }
}

package org.midonet.kube.k8s;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads Kubernetes objects from YAML or JSON manifests: files, directories (their *.yaml, *.yml and *.json
 * files, recursively, in name order) and "-" for standard input; multi-document YAML and List kinds.
 * A bad document or file is reported with its location and skipped; the rest is still read.
 */
public final class ManifestReader {
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder().loaderOptions(anySize())
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build());

    /** A problem with the input itself, at "file", "file:line:column" or "file, document N". */
    public record InputProblem(String location, String message) {
        @Override
        public String toString() {
            return "error: " + location + ": " + message;
        }
    }

    /** The objects read, in input order without duplicates, and the problems found. */
    public record Result(List<HasMetadata> objects, List<InputProblem> problems) {
    }

    private final Map<String, String> firstSeenAt = new LinkedHashMap<>();
    private final List<HasMetadata> objects = new ArrayList<>();
    private final List<InputProblem> problems = new ArrayList<>();

    private ManifestReader() {
    }

    /**
     * SnakeYAML stops a document at 3 MiB by default, and {@code kubectl get -o yaml} prints a whole cluster as one
     * List document; JSON goes through the same parser. Its limits on aliases and nesting stay: Kubernetes
     * objects use no aliases and nest a few levels deep, whatever the size of the List.
     */
    private static LoaderOptions anySize() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        return options;
    }

    public static Result read(List<String> paths, InputStream stdin) {
        ManifestReader reader = new ManifestReader();
        for (String path : paths) {
            if ("-".equals(path)) {
                reader.readStream("<stdin>", stdin);
            } else {
                reader.readPath(Path.of(path));
            }
        }
        return new Result(List.copyOf(reader.objects), List.copyOf(reader.problems));
    }

    public static Result readText(String name, String text) {
        ManifestReader reader = new ManifestReader();
        reader.readDocuments(name, new StringReader(text));
        return new Result(List.copyOf(reader.objects), List.copyOf(reader.problems));
    }

    private void readPath(Path path) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                files.filter(Files::isRegularFile).filter(ManifestReader::isManifest).sorted().forEach(this::readFile);
            } catch (IOException e) {
                problems.add(new InputProblem(path.toString(), "cannot list the directory: " + e.getMessage()));
            }
        } else if (Files.isRegularFile(path)) {
            readFile(path);
        } else {
            problems.add(new InputProblem(path.toString(), "no such file or directory"));
        }
    }

    private static boolean isManifest(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
    }

    private void readFile(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            readDocuments(file.toString(), in);
        } catch (IOException e) {
            problems.add(new InputProblem(file.toString(), "cannot read: " + e.getMessage()));
        }
    }

    /** Read as it comes, never held whole; the stream is left open (it is standard input). */
    private void readStream(String name, InputStream in) {
        readDocuments(name, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    }

    private void readDocuments(String name, Reader in) {
        int document = 0;
        try (JsonParser parser = YAML.getFactory().createParser(in);
                MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
            while (documents.hasNextValue()) {
                document++;
                JsonNode node = documents.nextValue();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    addDocument(name + ", document " + document, node);
                }
            }
        } catch (JsonProcessingException e) {
            problems.add(new InputProblem(at(name, e.getLocation()), "invalid YAML/JSON, the rest of the file is skipped: "
                    + syntaxError(e.getOriginalMessage())));
        } catch (IOException | RuntimeException e) {
            problems.add(new InputProblem(name, "cannot parse: " + e.getMessage()));
        }
    }

    /** The parser's explanation without its excerpt of the input: "while parsing ...; expected ...". */
    private static String syntaxError(String message) {
        return String.join("; ", message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList());
    }

    private static String at(String name, JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? name : name + ":" + location.getLineNr() + ":"
                + location.getColumnNr();
    }

    private void addDocument(String where, JsonNode node) {
        if (!node.isObject()) {
            problems.add(new InputProblem(where, "is not an object"));
            return;
        }
        String kind = node.path("kind").asText("");
        if (kind.endsWith("List") && node.path("items").isArray()) {
            int i = 0;
            for (JsonNode item : node.path("items")) {
                addDocument(where + ", item " + i++, item);
            }
            return;
        }
        if (kind.isEmpty() || node.path("apiVersion").asText("").isEmpty()) {
            problems.add(new InputProblem(where, "has no apiVersion or kind: not a Kubernetes object"));
            return;
        }
        HasMetadata object;
        try {
            KubernetesResource resource = Serialization.jsonMapper().convertValue(node, KubernetesResource.class);
            if (!(resource instanceof HasMetadata m)) {
                problems.add(new InputProblem(where, kind + " is not a Kubernetes object with metadata"));
                return;
            }
            object = m;
        } catch (IllegalArgumentException e) {
            String name = node.path("metadata").path("name").asText("?");
            problems.add(new InputProblem(where, kind + " " + name + " does not match the " + kind + " schema: "
                    + firstLine(e.getMessage())));
            return;
        }
        addObject(where, object);
    }

    private void addObject(String where, HasMetadata object) {
        String namespace = object.getMetadata() == null ? null : object.getMetadata().getNamespace();
        String name = object.getMetadata() == null ? null : object.getMetadata().getName();
        String key = object.getKind() + "/" + (namespace == null ? "" : namespace) + "/" + name;
        String earlier = firstSeenAt.putIfAbsent(key, where);
        if (earlier != null) {
            problems.add(new InputProblem(where, object.getKind() + " " + (namespace == null ? "" : namespace + "/") + name
                    + " is a duplicate of the one in " + earlier + "; this one is ignored"));
            return;
        }
        objects.add(object);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").replaceAll(" \\(through reference chain.*", "");
    }
}

package org.midonet.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No file of the repository points at notes that live beside it rather than in it: a fact the project relies on
 * is written in docs/, with its public source. Run from the project's root, as Maven runs the tests.
 */
class RepositoryReferencesTest {
    /** What is scanned: the sources, the docs, the examples, samples and manifests, and the top-level files. */
    private static final List<String> SCANNED = List.of(
            "src", "docs", "examples", "manifests", "samples", ".ci", "README.md", "pom.xml", "Dockerfile");

    /** A path out of the repository into the shared folder, or into its reference and design notes by name. */
    private static final Pattern OUTSIDE = Pattern.compile(Pattern.quote("..") + "/shared/|shared/(reference|design)/");

    @Test
    void noFilePointsOutsideTheRepository() {
        assertThat(Files.isDirectory(Path.of("src"))).as("run from the project's root").isTrue();
        List<String> found = new ArrayList<>();
        for (String top : SCANNED) {
            Path root = Path.of(top);
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).forEach(file -> found.addAll(mentions(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(found).as("files that point outside the repository (write the fact in docs/ instead)").isEmpty();
    }

    /** "path:line: text" for each line of the file that points outside; binary files are read as Latin-1. */
    private static List<String> mentions(Path file) {
        List<String> lines;
        try {
            lines = List.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (OUTSIDE.matcher(lines.get(i)).find()) {
                found.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
        }
        return found;
    }
}

package org.midonet.kube.translate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** One DRL file: its file name (used in error messages and for overriding) and its text. */
public record RuleSource(String name, String text) {
    /** Where the built-in rules live, on the classpath. */
    public static final String BUILT_IN_FOLDER = "rules";

    /** The built-in DRL files, sorted by name. */
    public static List<RuleSource> builtIn() {
        Map<String, RuleSource> found = new TreeMap<>();
        try {
            Enumeration<URL> roots = RuleSource.class.getClassLoader().getResources(BUILT_IN_FOLDER);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if ("jar".equals(root.getProtocol())) {
                    readJar(root, found);
                } else {
                    fromDirectory(Path.of(root.toURI())).forEach(s -> found.putIfAbsent(s.name(), s));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the built-in rules", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return List.copyOf(found.values());
    }

    private static void readJar(URL root, Map<String, RuleSource> found) throws IOException {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : jar.stream().toList()) {
                String path = entry.getName();
                if (path.startsWith(BUILT_IN_FOLDER + "/") && path.endsWith(".drl") && !entry.isDirectory()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        String name = path.substring(path.lastIndexOf('/') + 1);
                        found.putIfAbsent(name, new RuleSource(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
    }

    /** The DRL files directly in a directory, sorted by name. */
    public static List<RuleSource> fromDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException(directory + " is not a directory");
        }
        List<RuleSource> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".drl")).sorted().toList()) {
                sources.add(new RuleSource(file.getFileName().toString(), Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules from " + directory, e);
        }
        return sources;
    }

    /** The built-in files with the user's added; a user file with a built-in file's name replaces it. */
    public static List<RuleSource> overlay(List<RuleSource> builtIn, List<RuleSource> user) {
        Map<String, RuleSource> byName = new LinkedHashMap<>();
        builtIn.forEach(s -> byName.put(s.name(), s));
        user.forEach(s -> byName.put(s.name(), s));
        return List.copyOf(byName.values());
    }
}

package org.midonet.kube.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Installs the CNI plugin on the host: the network configuration in the CNI configuration directory, a
 * launcher in the CNI binary directory, and in the install directory the jar, a Java runtime (a copy of
 * this one, unless told which to use) and a class data sharing archive that makes the plugin start fast.
 * Each file is written only when its content differs, atomically, so that a restart changes nothing.
 */
public final class CniInstaller {
    public static final String PLUGIN_TYPE = "midonet-kube";
    public static final String NETWORK_NAME = "midonet-kube";
    static final String JAR = "midonet-kube.jar";
    static final String ARCHIVE = "cni.jsa";
    static final String JRE = "jre";
    /** Paths written into the launcher: nothing a shell would interpret, even inside single quotes. */
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9/._+\\-]*");
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData", "-Xss512k", "-Xshare:auto");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Where things go. cniBinDir and cniConfigPath are paths as this process sees them (the DaemonSet mounts
     * the host's under /host); the configuration is a list (.conflist) or a single network (another name).
     * installDir must be the same path here and on the host, as must agentSocket.
     * pluginJava and pluginClasspath are host paths too; null means: copy this runtime, copy this jar.
     */
    public record Settings(Path cniBinDir, Path cniConfigPath, Path installDir, Path agentSocket, Path pluginJava,
            String pluginClasspath, Path ipamDataDir) {
    }

    private final Settings settings;

    public CniInstaller(Settings settings) {
        this.settings = settings;
    }

    /** Installs or updates everything; the lines say what changed. */
    public List<String> install(NodeNetwork network) {
        List<String> changes = new ArrayList<>();
        try {
            Files.createDirectories(settings.installDir());
            String java = java(changes);
            String classpath = classpath(changes);
            Path archive = archive(java, classpath, changes);
            if (write(launcherPath(), launcher(java, classpath, archive), true)) {
                changes.add("wrote the plugin launcher " + launcherPath());
            }
            // the configuration last: the kubelet calls the plugin as soon as it sees it
            if (write(configPath(), config(network), false)) {
                changes.add("wrote the CNI configuration " + configPath());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the CNI plugin: " + e.getMessage(), e);
        }
        return changes;
    }

    /** Removes the configuration first (no new Pods come to this network), then the plugin. */
    public List<String> uninstall() {
        List<String> removed = new ArrayList<>();
        try {
            for (Path path : List.of(configPath(), launcherPath(), settings.installDir().resolve(ARCHIVE),
                    settings.installDir().resolve(ARCHIVE + ".stamp"), settings.installDir().resolve(JAR))) {
                if (Files.deleteIfExists(path)) {
                    removed.add(path.toString());
                }
            }
            Path jre = settings.installDir().resolve(JRE);
            if (Files.isDirectory(jre, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(jre);
                removed.add(jre.toString());
            }
            if (Files.isDirectory(settings.installDir())) {
                try (Stream<Path> left = Files.list(settings.installDir())) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(settings.installDir());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot uninstall the CNI plugin: " + e.getMessage(), e);
        }
        return removed;
    }

    public Path configPath() {
        return settings.cniConfigPath();
    }

    public Path launcherPath() {
        return settings.cniBinDir().resolve(PLUGIN_TYPE);
    }

    /** The network configuration: this plugin, with host-local IPAM over the node's pod CIDR. */
    String config(NodeNetwork network) {
        ObjectNode root = JSON.createObjectNode();
        root.put("cniVersion", "1.0.0");
        root.put("name", NETWORK_NAME);
        boolean list = configPath().getFileName().toString().endsWith(".conflist");
        ObjectNode plugin = list ? root.putArray("plugins").addObject() : root;
        plugin.put("type", PLUGIN_TYPE);
        plugin.put("agentSocket", settings.agentSocket().toString());
        if (network.mtu() > 0) {
            plugin.put("mtu", network.mtu());
        }
        ObjectNode ipam = plugin.putObject("ipam");
        ipam.put("type", "host-local");
        ipam.putArray("ranges").addArray().addObject().put("subnet", network.podCidr().toString())
                .put("rangeStart", network.firstPodIp()).put("gateway", network.gateway());
        if (settings.ipamDataDir() != null) {
            ipam.put("dataDir", settings.ipamDataDir().toString());
        }
        return root.toPrettyString() + "\n";
    }

    /** A shell script that only starts Java: the plugin reads the CNI request itself, the shell never sees it. */
    static String launcher(String java, String classpath, Path archive) {
        List<String> command = new ArrayList<>();
        command.add(quote(java));
        command.addAll(JVM_OPTIONS);
        if (archive != null) {
            command.add("-XX:SharedArchiveFile=" + quote(archive.toString()));
        }
        // JVM warnings go to stderr: stdout carries the CNI result
        command.addAll(List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "-cp", quote(classpath),
                "org.midonet.kube.cni.CniMain"));
        return "#!/bin/sh\n"
                + "# The midonet-kube CNI plugin, installed by the midonet-kube node agent. It only starts Java;\n"
                + "# the request (CNI_* variables and standard input) is read by the plugin, not by this shell.\n"
                + "exec " + String.join(" ", command) + "\n";
    }

    private static String quote(String pathOrClasspath) {
        for (String part : pathOrClasspath.split(":")) {
            if (!SAFE_PATH.matcher(part).matches()) {
                throw new IllegalArgumentException("'" + pathOrClasspath + "' has characters a launcher path may not have");
            }
        }
        return "'" + pathOrClasspath + "'";
    }

    private String java(List<String> changes) throws IOException {
        if (settings.pluginJava() != null) {
            return settings.pluginJava().toString();
        }
        Path home = Path.of(System.getProperty("java.home"));
        Path copy = settings.installDir().resolve(JRE);
        Path release = copy.resolve("release");
        if (!Files.exists(release) || Files.mismatch(release, home.resolve("release")) != -1) {
            Path temporary = settings.installDir().resolve(JRE + ".tmp");
            deleteTree(temporary);
            copyTree(home, temporary);
            deleteTree(copy);
            Files.move(temporary, copy, StandardCopyOption.ATOMIC_MOVE);
            changes.add("copied the Java runtime " + home + " to " + copy);
        }
        return copy.resolve("bin/java").toString();
    }

    private String classpath(List<String> changes) throws IOException {
        if (settings.pluginClasspath() != null) {
            return settings.pluginClasspath();
        }
        Path jar = runningJar();
        Path installed = settings.installDir().resolve(JAR);
        if (!Files.exists(installed) || Files.mismatch(jar, installed) != -1) {
            Path temporary = settings.installDir().resolve(JAR + ".tmp");
            Files.copy(jar, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, installed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            changes.add("installed the plugin jar " + installed);
        }
        return installed.toString();
    }

    static Path runningJar() {
        try {
            Path location = Path.of(CniInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                throw new IllegalStateException("not running from a jar (" + location + "): give --plugin-classpath");
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A dynamic class data sharing archive of the classes a CNI operation loads, made by one training run of
     * the plugin. Java maps them at start instead of loading them from the jar. Only for a classpath of jars
     * (the JVM archives nothing from directories); remade when the java or the jars change.
     */
    private Path archive(String java, String classpath, List<String> changes) throws IOException {
        if (Arrays.stream(classpath.split(":")).anyMatch(p -> !p.endsWith(".jar"))) {
            return null;
        }
        Path archive = settings.installDir().resolve(ARCHIVE);
        Path stamp = settings.installDir().resolve(ARCHIVE + ".stamp");
        String expected = stamp(java, classpath);
        if (Files.exists(archive) && Files.exists(stamp) && Files.readString(stamp).equals(expected)) {
            return archive;
        }
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:disable", "-Xlog:all=error:stderr",
                "-cp", classpath, "org.midonet.kube.cni.CniTraining"));
        Processes.Outcome outcome = Processes.run(command, null, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
                Duration.ofMinutes(2));
        if (!outcome.ok() || !Files.exists(archive)) {
            Files.deleteIfExists(archive);
            changes.add("could not make the class data archive (the plugin starts slower): " + outcome.stderr().strip());
            return null;
        }
        Files.writeString(stamp, expected);
        changes.add("made the class data archive " + archive);
        return archive;
    }

    private static String stamp(String java, String classpath) throws IOException {
        StringBuilder s = new StringBuilder(java).append('\n');
        for (String jar : classpath.split(":")) {
            Path path = Path.of(jar);
            s.append(jar).append(' ').append(Files.size(path)).append(' ').append(Files.getLastModifiedTime(path)).append('\n');
        }
        Path release = Path.of(java).getParent().getParent().resolve("release");
        if (Files.exists(release)) {
            s.append(Files.readString(release));
        }
        return s.toString();
    }

    /** Writes content unless the file already has it; false when nothing changed. */
    private static boolean write(Path path, String content, boolean executable) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.exists(path) && Arrays.equals(Files.readAllBytes(path), bytes)
                && (!executable || Files.isExecutable(path))) {
            return false;
        }
        Files.createDirectories(path.getParent());
        Path temporary = path.resolveSibling("." + path.getFileName() + ".tmp");
        Files.write(temporary, bytes);
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Files.copy(source, to.resolve(from.relativize(source).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

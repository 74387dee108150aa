package org.midonet.kube.node;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.midonet.kube.cni.CniMain;

/** How tests install the plugin: this JVM's java and a classpath of only what CniMain needs. */
public final class TestPlugin {
    private TestPlugin() {
    }

    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The compiled classes and Jackson's three jars, nothing else: the plugin must start without the rule
     * engine, the Kubernetes client or picocli, and a missing class here would show it does not.
     */
    public static String classpath() {
        return List.of(CniMain.class, ObjectMapper.class, JsonParser.class, JsonProperty.class).stream()
                .map(TestPlugin::location).distinct().collect(Collectors.joining(":"));
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static CniInstaller.Settings settings(Path dir, Path socket) {
        return new CniInstaller.Settings(dir.resolve("opt/cni/bin"), dir.resolve("etc/cni/net.d/10-midonet-kube.conflist"),
                dir.resolve("var/lib/midonet-kube/cni"), socket, java(), classpath(), dir.resolve("ipam"));
    }
}

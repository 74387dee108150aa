package org.midonet.kube.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.midonet.kube.common.Cidr;

class CniInstallerTest {
    @Test
    void theLauncherOnlyExecsJavaWithQuotedPaths() {
        String script = CniInstaller.launcher("/opt/jre/bin/java", "/var/lib/mk/midonet-kube.jar",
                Path.of("/var/lib/mk/cni.jsa"));
        assertThat(script.lines()).filteredOn(l -> !l.startsWith("#")).singleElement().satisfies(line -> assertThat(line)
                .startsWith("exec '/opt/jre/bin/java' ")
                .contains("-XX:SharedArchiveFile='/var/lib/mk/cni.jsa'", "-cp '/var/lib/mk/midonet-kube.jar'")
                .endsWith(" org.midonet.kube.cni.CniMain")
                .doesNotContain("$"));
    }

    @Test
    void refusesPathsAShellCouldMisread() {
        for (String bad : new String[] {"/opt/it's/java", "/opt/$(id)/java", "/opt/a b/java", "relative/java", "/opt/`x`"}) {
            assertThatThrownBy(() -> CniInstaller.launcher(bad, "/x.jar", null)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CniInstaller.launcher("/java", "/x.jar:" + bad, null)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void writesASingleNetworkOrAListAsTheFileNameSays() throws Exception {
        NodeNetwork network = new NodeNetwork(Cidr.parse("10.1.2.0/24"),
                Cidr.parse("10.1.0.0/16"), Cidr.parse("10.96.0.0/12"));
        var json = new ObjectMapper();
        var single = json.readTree(installer("00-midonet.conf").config(network));
        var list = json.readTree(installer("10-midonet-kube.conflist").config(network));

        assertThat(single.path("type").asText()).isEqualTo("midonet-kube");
        assertThat(single.path("ipam").path("ranges").get(0).get(0).path("subnet").asText()).isEqualTo("10.1.2.0/24");
        assertThat(single.has("plugins")).isFalse();
        assertThat(list.path("plugins").get(0).path("type").asText()).isEqualTo("midonet-kube");
        assertThat(list.has("type")).isFalse();
        assertThat(list.path("plugins").get(0).path("agentSocket").asText()).isEqualTo("/run/mk/agent.sock");
    }

    private static CniInstaller installer(String configFile) {
        return new CniInstaller(new CniInstaller.Settings(Path.of("/opt/cni/bin"), Path.of("/etc/cni/net.d", configFile),
                Path.of("/var/lib/mk"), Path.of("/run/mk/agent.sock"), null, null, null));
    }
}

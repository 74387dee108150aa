package org.midonet.kube.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CniInstallerTest {
    @Test
    void theLauncherOnlyExecsJavaWithQuotedPaths() {
        String script = CniInstaller.launcher("/opt/jre/bin/java", "/var/lib/mk/midonet-kube.jar", Path.of("/var/lib/mk/cni.jsa"));
        assertThat(script.lines()).filteredOn(l -> !l.startsWith("#")).singleElement().satisfies(line -> assertThat(line)
                .startsWith("exec '/opt/jre/bin/java' ")
                .contains("-XX:SharedArchiveFile='/var/lib/mk/cni.jsa'", "-cp '/var/lib/mk/midonet-kube.jar'")
                .endsWith(" org.midonet.kube.cni.CniMain")
                .doesNotContain("$"));
    }

    @Test
    void refusesPathsAShellCouldMisread() {
        for (String bad : new String[] {"/opt/it's/java", "/opt/$(id)/java", "/opt/a b/java", "relative/java", "/opt/`x`"}) {
            assertThatThrownBy(() -> CniInstaller.launcher(bad, "/x.jar", null)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CniInstaller.launcher("/java", "/x.jar:" + bad, null)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

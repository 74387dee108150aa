package org.midonet.kube.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CniConfigTest {
    private static final String VALID = "{\"cniVersion\":\"1.0.0\",\"name\":\"midonet-kube\",\"type\":\"midonet-kube\","
            + "\"agentSocket\":\"/run/x.sock\",\"ipam\":{\"type\":\"host-local\"},\"args\":{\"anything\":[1,2]}}";

    private static int code(String json) {
        try {
            CniConfig.parse(json.getBytes(StandardCharsets.UTF_8));
            return 0;
        } catch (CniError e) {
            return e.code();
        }
    }

    @Test
    void readsTheFieldsThePluginUses() throws CniError {
        CniConfig config = CniConfig.parse(VALID.getBytes(StandardCharsets.UTF_8));
        assertThat(config.cniVersion()).isEqualTo("1.0.0");
        assertThat(config.ipamType()).isEqualTo("host-local");
        assertThat(config.agentSocket()).isEqualTo(Path.of("/run/x.sock"));
        assertThat(config.prevResult()).isNull();
    }

    @Test
    void anMtuIsANumberFrom68To65535AndNoneLeavesTheKernelsDefault() throws CniError {
        assertThat(CniConfig.parse(VALID.getBytes(StandardCharsets.UTF_8)).mtu()).isZero();
        String withMtu = VALID.replace("\"agentSocket\":", "\"mtu\":1450,\"agentSocket\":");
        assertThat(CniConfig.parse(withMtu.getBytes(StandardCharsets.UTF_8)).mtu()).isEqualTo(1450);
        for (String bad : List.of("67", "65536", "\"1450\"", "1450.5", "null")) {
            assertThat(code(VALID.replace("\"agentSocket\":", "\"mtu\":" + bad + ",\"agentSocket\":"))).as(bad)
                    .isEqualTo(CniError.INVALID_CONFIG);
        }
    }

    @Test
    void theAgentSocketHasADefault() throws CniError {
        String json = VALID.replace("\"agentSocket\":\"/run/x.sock\",", "");
        assertThat(CniConfig.parse(json.getBytes(StandardCharsets.UTF_8)).agentSocket())
                .isEqualTo(CniConfig.DEFAULT_AGENT_SOCKET);
    }

    @Test
    void refusesWhatIsNotJson() {
        assertThat(code("")).isEqualTo(CniError.DECODING_FAILURE);
        assertThat(code("{\"cniVersion\":")).isEqualTo(CniError.DECODING_FAILURE);
        assertThat(code("[1]")).isEqualTo(CniError.DECODING_FAILURE);
    }

    @Test
    void refusesVersionsItDoesNotSpeak() {
        assertThat(code(VALID.replace("1.0.0", "0.2.0"))).isEqualTo(CniError.INCOMPATIBLE_VERSION);
        assertThat(code(VALID.replace("1.0.0", "2.0.0"))).isEqualTo(CniError.INCOMPATIBLE_VERSION);
        assertThat(code(VALID.replace("\"cniVersion\":\"1.0.0\",", ""))).isEqualTo(CniError.INVALID_CONFIG);
        assertThat(code(VALID.replace("1.0.0", "0.4.0"))).isZero();
    }

    @Test
    void refusesAnIpamTypeThatIsNotAFileNameAndOtherInvalidFields() {
        assertThat(code(VALID.replace("host-local", "../../bin/sh"))).isEqualTo(CniError.INVALID_CONFIG);
        assertThat(code(VALID.replace("host-local", "/bin/sh"))).isEqualTo(CniError.INVALID_CONFIG);
        assertThat(code(VALID.replace("\"ipam\":{\"type\":\"host-local\"},", ""))).isEqualTo(CniError.INVALID_CONFIG);
        assertThat(code(VALID.replace("\"name\":\"midonet-kube\"", "\"name\":\"-x\""))).isEqualTo(CniError.INVALID_CONFIG);
        assertThat(code(VALID.replace("/run/x.sock", "x.sock"))).isEqualTo(CniError.INVALID_CONFIG);
        assertThat(code(VALID.replace("}}", "},\"prevResult\":3}"))).isEqualTo(CniError.INVALID_CONFIG);
    }

    @Test
    void anErrorCarriesTheRequestedVersion() {
        assertThat(new CniError(7, "bad", "why").toJson("0.4.0").toString())
                .isEqualTo("{\"cniVersion\":\"0.4.0\",\"code\":7,\"msg\":\"bad\",\"details\":\"why\"}");
        assertThat(CniConfig.versionOf(VALID.getBytes(StandardCharsets.UTF_8))).isEqualTo("1.0.0");
        assertThat(CniConfig.versionOf("{".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}

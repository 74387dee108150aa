package org.midonet.kube.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void makeDnsMatchesTheOriginalReadme() {
        assertThat(Names.makeDns("service-port.3.kube-system/kube-dns/dns/10.96.0.10/17/53"))
                .isEqualTo("service-port.3.kube-system-kube-dns-dns-10.96.0.10-17-53-a3982c897cb53bcf4ec5dd4895d5e191e28628a5");
        assertThat(Names.makeDns("endpoints-port.3.kube-dns/dns/10.96.0.10/10.1.0.24/53/UDP"))
                .isEqualTo("endpoints-port.3.kube-dns-dns-10.96.0.10-10.1.0.24-53-udp-9562d46816ee2c652d4d0f8a880489a13ec1e073");
    }

    @Test
    void makeDnsLeavesValidNamesAlone() {
        assertThat(Names.makeDns("service.3.kube-dns")).isEqualTo("service.3.kube-dns");
    }

    @Test
    void translationNamesCarryKindAndVersion() {
        assertThat(Names.translationName("Service", "kube-dns")).isEqualTo("service.4.kube-dns");
        assertThat(Names.translationName("Service-Port", "kube-system/kube-dns/dns/10.96.0.10/17/53"))
                .startsWith("service-port.4.kube-system-kube-dns-dns-10.96.0.10-17-53-");
    }

    @Test
    void macAndArpTranslationsKeepTheOriginalsUnversionedNames() {
        assertThat(Names.unversionedTranslationName("Pod-MAC", "awesome-pod/mac/332211112233"))
                .startsWith("pod-mac.3.awesome-pod-mac-332211112233-");
    }

    @Test
    void tooLongNamesAreShortenedKeepingAHash() {
        String name = Names.translationName("Pod", "p".repeat(253));
        assertThat(name).hasSize(253).startsWith("pod.4.ppp").matches(".*-[0-9a-f]{40}");
        assertThat(Names.translationName("Pod", "p".repeat(252))).isNotEqualTo(name);
    }

    @Test
    void macForKeyUsesTheMidokuraOuiAndSha256() {
        String mac = Names.macForKey("awesome-node");
        assertThat(mac).matches("ac:ca:ba:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}");
        String hash = Names.sha256Hex("awesome-node");
        assertThat(mac.substring(9).replace(":", "")).isEqualTo(hash.substring(0, 6));
    }

    @Test
    void podInterfaceNameIsMidoAndElevenHexDigitsOfSha1() {
        String name = Names.podInterfaceName("default", "web-1");
        assertThat(name).hasSize(15).startsWith("mido")
                .isEqualTo("mido" + Names.sha1Hex("default/web-1").substring(0, 11));
    }
}

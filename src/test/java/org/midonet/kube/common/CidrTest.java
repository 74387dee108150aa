package org.midonet.kube.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest
    @CsvSource({
        "10.1.0.0/24,   10.1.0.0,   24",
        "10.0.0.0/8,    10.0.0.0,   8",
        "0.0.0.0/0,     0.0.0.0,    0",
        "10.1.0.4/30,   10.1.0.4,   30",
        "10.1.0.5/32,   10.1.0.5,   32",
        "192.168.0.0/16, 192.168.0.0, 16",
    })
    void parsesNetworks(String text, String address, int prefixLength) {
        Cidr cidr = Cidr.parse(text);

        assertThat(cidr).isEqualTo(new Cidr(address, prefixLength));
        assertThat(cidr.address()).isEqualTo(address);
        assertThat(cidr.prefixLength()).isEqualTo(prefixLength);
        assertThat(cidr.toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void anEmptyCidrIsEmpty(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "10.1.0.0", "10.1.0.0/", "/24", "10.1.0/24", "300.1.0.0/24", "010.1.0.0/24",
        "10.1.0.0/33", "10.1.0.0/-1", "10.1.0.0/+24", "10.1.0.0/024", "10.1.0.0/24 ", " 10.1.0.0/24", "10.1.0.0 /24",
        "10.1.0.0/24/8", "10.1.0.0/x", "10.1.0.0/255.255.255.0", "10.1.0.0/999999999999", "10.1.0.0/\u0662\u0664"})
    void rejectsMalformedText(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text + "' ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fd00:10:244::/64", "::/0", "::ffff:10.1.0.0/120"})
    void rejectsIpv6(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is IPv6; MidoNet pod networks are IPv4");
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.0.5/24,  10.1.0.0/24",
        "10.1.0.1/31,  10.1.0.0/31",
        "10.1.2.0/16,  10.1.0.0/16",
        "0.0.0.1/0,    0.0.0.0/0",
        "10.255.255.255/8, 10.0.0.0/8",
    })
    void rejectsHostBitsNamingTheNetwork(String text, String network) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' has host bits set (network is " + network + ")");
    }

    @Test
    void theConstructorValidatesToo() {
        assertThatThrownBy(() -> new Cidr("garbage", 24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("garbage");
        assertThatThrownBy(() -> new Cidr("10.1.0.0", 33)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("33");
        assertThatThrownBy(() -> new Cidr("10.1.0.0", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cidr(null, 24)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cidr("10.1.0.1", 24)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host bits");
    }
}

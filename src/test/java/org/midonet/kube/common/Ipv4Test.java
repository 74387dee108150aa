package org.midonet.kube.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4Test {

    @ParameterizedTest
    @CsvSource({
        "0.0.0.0,         0",
        "0.0.0.1,         1",
        "10.1.0.5,        167837701",
        "192.168.1.10,    3232235786",
        "255.255.255.255, 4294967295",
    })
    void parsesDottedQuads(String address, long value) {
        assertThat(Ipv4.isValid(address)).isTrue();
        assertThat(Ipv4.parseOrNull(address)).isEqualTo(value);
        assertThat(Ipv4.format(value)).isEqualTo(address);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"garbage", "10.1.0", "10.1.0.5.6", "10.1.0.256", "256.0.0.0", "10.1.0.-1", "10.01.0.5",
        "010.1.0.5", "10.1.0.05", "10.1..5", ".10.1.0", "10.1.0.", "10.1.0.5 ", " 10.1.0.5", "10.1.0.5\n",
        "+10.1.0.5", "10.1.0.+5", "0x0a.1.0.5", "10.1.0.5/32", "10.1.0.1000", "167837701", "fd00::5", "::ffff:10.1.0.5",
        "\u0661\u0660.1.0.5", "10,1,0,5", "1e1.1.0.5"})
    void rejectsAnythingElse(String address) {
        assertThat(Ipv4.isValid(address)).isFalse();
        assertThat(Ipv4.parseOrNull(address)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.0.0,      1, 10.1.0.1",
        "10.1.0.0,      2, 10.1.0.2",
        "10.1.0.255,    1, 10.1.1.0",
        "10.255.255.255, 1, 11.0.0.0",
        "10.1.1.0,      -1, 10.1.0.255",
        "255.255.255.255, 1, 0.0.0.0",
    })
    void addsWithCarry(String address, int offset, String expected) {
        assertThat(Ipv4.add(address, offset)).isEqualTo(expected);
    }

    @Test
    void addRejectsAnInvalidAddress() {
        assertThatThrownBy(() -> Ipv4.add("garbage", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("garbage");
    }

    @Test
    void tellsIpv6ByItsColons() {
        assertThat(Ipv4.looksLikeIpv6("fd00::5")).isTrue();
        assertThat(Ipv4.looksLikeIpv6("::ffff:10.1.0.5")).isTrue();
        assertThat(Ipv4.looksLikeIpv6("fd00:10:244::/64")).isTrue();
        assertThat(Ipv4.looksLikeIpv6("10.1.0.5")).isFalse();
        assertThat(Ipv4.looksLikeIpv6("garbage")).isFalse();
        assertThat(Ipv4.looksLikeIpv6(null)).isFalse();
    }
}

package org.midonet.kube.common;

import java.util.regex.Pattern;

/** An IPv4 network "address/prefixLength" whose address has no host bits set. */
public record Cidr(String address, int prefixLength) {
    private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]?");

    public Cidr {
        Long value = Ipv4.parseOrNull(address);
        if (value == null) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 address");
        }
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not between 0 and 32");
        }
        long hostMask = prefixLength == 32 ? 0 : (0xffffffffL >>> prefixLength);
        if ((value & hostMask) != 0) {
            throw new IllegalArgumentException("'" + address + "/" + prefixLength + "' has host bits set (network is "
                    + Ipv4.format(value & ~hostMask & 0xffffffffL) + "/" + prefixLength + ")");
        }
    }

    /** Parses "a.b.c.d/n"; throws IllegalArgumentException with a message fit for a user. */
    public static Cidr parse(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + s + "' is not in the form address/prefix-length");
        }
        if (Ipv4.looksLikeIpv6(s)) {
            throw new IllegalArgumentException("'" + s + "' is IPv6; MidoNet pod networks are IPv4");
        }
        String address = s.substring(0, slash);
        if (!Ipv4.isValid(address)) {
            throw new IllegalArgumentException("'" + s + "' does not start with an IPv4 address");
        }
        String prefix = s.substring(slash + 1);
        if (!PREFIX.matcher(prefix).matches() || Integer.parseInt(prefix) > 32) {
            throw new IllegalArgumentException("'" + s + "' has no prefix length between 0 and 32");
        }
        return new Cidr(address, Integer.parseInt(prefix));
    }

    /** Whether the address (dotted IPv4) is in this network; false for anything that is not an IPv4 address. */
    public boolean contains(String ip) {
        long value = Ipv4.parse(ip);
        return value >= 0 && (value & mask()) == network();
    }

    /** Whether every address of the other network is in this one. */
    public boolean covers(Cidr other) {
        return other.prefixLength >= prefixLength && (other.network() & mask()) == network();
    }

    /** Whether the two networks share an address: one of them covers the other. */
    public boolean overlaps(Cidr other) {
        return covers(other) || other.covers(this);
    }

    private long mask() {
        return prefixLength == 0 ? 0 : (0xffffffffL << (32 - prefixLength)) & 0xffffffffL;
    }

    private long network() {
        return Ipv4.parse(address);
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}

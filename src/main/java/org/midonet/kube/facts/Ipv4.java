package org.midonet.kube.facts;

import java.util.regex.Pattern;

/** Strict IPv4 parsing and arithmetic: four decimal octets, no leading zeros, nothing else. */
public final class Ipv4 {
    private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

    private Ipv4() {
    }

    public static boolean isValid(String s) {
        return parseOrNull(s) != null;
    }

    /** The address as an unsigned 32-bit value in a long, or null when s is not a dotted-quad IPv4 address. */
    public static Long parseOrNull(String s) {
        if (s == null) {
            return null;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long value = 0;
        for (String part : parts) {
            if (!OCTET.matcher(part).matches()) {
                return null;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return null;
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static String format(long value) {
        return ((value >> 24) & 0xff) + "." + ((value >> 16) & 0xff) + "." + ((value >> 8) & 0xff) + "." + (value & 0xff);
    }

    /** The address plus an offset, e.g. the gateway of a subnet is its network address plus 1. */
    public static String add(String address, int offset) {
        Long value = parseOrNull(address);
        if (value == null) {
            throw new IllegalArgumentException("not an IPv4 address: " + address);
        }
        return format((value + offset) & 0xffffffffL);
    }

    public static boolean looksLikeIpv6(String s) {
        return s != null && s.contains(":");
    }
}

package org.midonet.kube.common;


/** Strict IPv4 parsing and arithmetic: four decimal octets, no leading zeros, nothing else. */
public final class Ipv4 {

    private Ipv4() {
    }

    public static boolean isValid(String s) {
        return parseOrNull(s) != null;
    }

    /** The address as an unsigned 32-bit value in a long, or null when s is not a dotted-quad IPv4 address. */
    public static Long parseOrNull(String s) {
        long value = parse(s);
        return value < 0 ? null : value;
    }

    /**
     * The address as an unsigned 32-bit value, or -1 when s is not a dotted-quad IPv4 address: four decimal
     * octets of at most 255, without leading zeros. A scan of the characters, without regex or split.
     */
    public static long parse(String s) {
        if (s == null) {
            return -1;
        }
        int length = s.length();
        if (length < 7 || length > 15) {
            return -1;
        }
        long value = 0;
        int i = 0;
        for (int octets = 1; ; octets++) {
            int start = i;
            int octet = 0;
            while (i < length) {
                char ch = s.charAt(i);
                if (ch < '0' || ch > '9') {
                    break;
                }
                octet = octet * 10 + (ch - '0');
                if (++i - start > 3) {
                    return -1;
                }
            }
            int digits = i - start;
            if (digits == 0 || (digits > 1 && s.charAt(start) == '0') || octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
            if (octets == 4) {
                return i == length ? value : -1;
            }
            if (i == length || s.charAt(i) != '.') {
                return -1;
            }
            i++;
        }
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

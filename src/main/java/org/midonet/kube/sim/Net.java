package org.midonet.kube.sim;

import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

/** Parsing and formatting of the addresses MidoNet's API carries: IPv4, IPv6 (loosely), MACs and masks. */
final class Net {
    static final String MAC_INVALID = "MAC address string must be 6 words of 1 or 2 hex digits joined with 5 ':'";
    static final String MAC_URI_INVALID =
            "MAC address must consist of six pairs of hex digits separated by hyphens, e.g., 12-34-56-78-9a-bc.";
    static final String MAC_MASK_INVALID = "MAC mask must consist of three sets of four hexadecimal digits separated "
            + "by periods, e.g. \"ffff.ff00.0000\".";

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}");
    private static final Pattern MAC_HYPHENS = Pattern.compile("[0-9a-fA-F]{2}(-[0-9a-fA-F]{2}){5}");
    private static final Pattern MAC_MASK = Pattern.compile("[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    private Net() {
    }

    static boolean isIpv4(String s) {
        return s != null && IPV4.matcher(s).matches();
    }

    /** Loose IPv6 check: hex groups of at most four digits, at most one "::", optional IPv4 tail. */
    static boolean isIpv6(String s) {
        if (s == null || !s.contains(":") || !IPV6_CHARS.matcher(s).matches()) {
            return false;
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] groups = s.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty()) {
                continue;
            }
            if (g.contains(".")) {
                if (i != groups.length - 1 || !isIpv4(g)) {
                    return false;
                }
                count += 2;
            } else if (g.length() > 4) {
                return false;
            } else {
                count++;
            }
        }
        return doubleColon >= 0 ? count < 8 : count == 8;
    }

    static int ipv4ToInt(String s) {
        String[] parts = s.split("\\.");
        int value = 0;
        for (String part : parts) {
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    static String intToIpv4(int value) {
        return ((value >>> 24) & 0xff) + "." + ((value >>> 16) & 0xff) + "." + ((value >>> 8) & 0xff) + "." + (value & 0xff);
    }

    /** The network address of an IPv4 address under a prefix length. */
    static String network(String address, int length) {
        int mask = length == 0 ? 0 : -1 << (32 - length);
        return intToIpv4(ipv4ToInt(address) & mask);
    }

    static boolean isMac(String s) {
        return s != null && MAC.matcher(s).matches();
    }

    /** A MAC in MidoNet's output form: six lower-case two-digit words joined with ':'. */
    static String normalizeMac(String s) {
        StringBuilder out = new StringBuilder();
        for (String word : s.split(":")) {
            if (out.length() > 0) {
                out.append(':');
            }
            out.append(word.length() == 1 ? "0" + word : word);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** A MAC written with hyphens, as in MAC and ARP table paths, turned into the ':' form; null if malformed. */
    static String macFromUri(String s) {
        return s != null && MAC_HYPHENS.matcher(s).matches() ? s.replace('-', ':').toLowerCase(Locale.ROOT) : null;
    }

    static String macToUri(String mac) {
        return mac.replace(':', '-');
    }

    static boolean isMacMask(String s) {
        return s != null && MAC_MASK.matcher(s).matches();
    }

    /** A random MAC with Midokura's OUI ac:ca:ba, like the server gives a router port without one. */
    static String randomMidokuraMac(Random random) {
        return String.format("ac:ca:ba:%02x:%02x:%02x", random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }
}

package org.midonet.kube.cni;

import java.util.List;

/** The versions of the CNI specification this plugin speaks; results differ a little below 1.0.0. */
final class CniVersions {
    static final String LATEST = "1.0.0";
    static final List<String> SUPPORTED = List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0");

    private CniVersions() {
    }

    static boolean supported(String version) {
        return SUPPORTED.contains(version);
    }

    /** CHECK appeared in 0.4.0. */
    static boolean hasCheck(String version) {
        return !version.startsWith("0.3.");
    }

    /** Before 1.0.0 every IP of a result names its IP version. */
    static boolean ipsHaveVersion(String version) {
        return version.startsWith("0.");
    }
}

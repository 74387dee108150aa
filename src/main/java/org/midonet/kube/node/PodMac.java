package org.midonet.kube.node;

import java.util.regex.Pattern;

/**
 * What the CNI plugin reports to the node agent after an ADD: the MAC of a Pod's interface, which the agent
 * writes to the Pod's midonet.org/mac-address annotation. Every field is validated here, on both sides.
 */
public record PodMac(String namespace, String name, String mac, String containerId) {
    /** A DNS-1123 label, as Kubernetes namespace names are. */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** A DNS-1123 subdomain, as Pod names are. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    /** The CNI specification's container id: alphanumeric first, then alphanumerics, _ . and -. */
    public static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

    public PodMac {
        checkNamespace(namespace);
        checkName(name);
        if (mac == null || !MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("'" + mac + "' is not a MAC address in lower-case xx:xx:xx:xx:xx:xx form");
        }
        if (containerId == null || containerId.length() > 256 || !CONTAINER_ID.matcher(containerId).matches()) {
            throw new IllegalArgumentException("'" + containerId + "' is not a container id");
        }
    }

    public static void checkNamespace(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("'" + namespace + "' is not a Kubernetes namespace name");
        }
    }

    public static void checkName(String name) {
        if (name == null || name.length() > 253 || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a Kubernetes Pod name");
        }
    }
}

package org.midonet.kube.common;

/**
 * The annotations through which Kubernetes objects carry MidoNet facts, the same keys the original used. The
 * node annotator writes a Node's host, tunnel zone and tunnel endpoint; the node agent writes its Node's MAC
 * and the CNI plugin (through the agent) each Pod's; the translation reads them all.
 */
public final class Annotations {
    /** The MidoNet host (UUID) that runs the Node's agent. */
    public static final String HOST_ID = "midonet.org/host-id";
    /** The tunnel zone (UUID) the Node's host belongs to. */
    public static final String TUNNEL_ZONE_ID = "midonet.org/tunnel-zone-id";
    /** The Node's address in the tunnel zone. */
    public static final String TUNNEL_ENDPOINT_IP = "midonet.org/tunnel-endpoint-ip";
    /** The MAC of the Node's or the Pod's interface on the MidoNet side. */
    public static final String MAC_ADDRESS = "midonet.org/mac-address";

    private Annotations() {
    }
}

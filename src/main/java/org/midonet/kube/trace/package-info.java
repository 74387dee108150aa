/**
 * A packet tracer for MidoNet's virtual network: {@link org.midonet.kube.trace.Tracer} follows a packet through a
 * {@link org.midonet.kube.trace.Topology} as the MidoNet agent would, described in
 * docs/midonet-agent-semantics.md; "agent semantics §N" in this package's comments is section N of that page.
 *
 * <p>The simulation is pure. The topology comes from outside through three classes: {@link
 * org.midonet.kube.trace.TopologyReader} (MidoNet's REST API), {@link org.midonet.kube.trace.TraceEndpoints}
 * (names resolved through the Kubernetes API) and {@link org.midonet.kube.trace.OfflineNetwork} (manifests
 * translated and applied to the in-process emulator); {@code LayeringTest} holds the rest of the package to that.
 */
package org.midonet.kube.trace;

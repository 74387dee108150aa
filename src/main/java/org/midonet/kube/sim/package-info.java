/**
 * An emulator of the MidoNet REST API (midonet-api 5.x), following docs/midonet-rest-api.md: the resources
 * midonet-kube uses, with MidoNet's paths, media types, status codes, messages and quirks. "reference §N" in
 * this package's comments is section N of that page.
 *
 * <p>Start one with {@link org.midonet.kube.sim.MidonetSim#start}; from the command line with
 * {@code midonet-kube sim}. It serves:
 * <ul>
 *   <li>{@code /midonet-api}: the root document, {@code /login}, tunnel zones and their hosts, hosts (seeded,
 *       read-only) and their port bindings, routers, bridges, ports and links, routes, chains and rules, and the
 *       MAC and ARP tables of bridges;
 *   <li>{@code /_admin}: the emulator's control API (state, reset, stats, faults, hosts), see
 *       {@link org.midonet.kube.sim.AdminApi}.
 * </ul>
 *
 * <p>Left out: port groups, IP address groups, L4 load balancing, mirrors, QoS, BGP, VTEPs, DHCP, traces,
 * host interfaces and writes to hosts (PUT/DELETE {@code /hosts/{id}} answer 405; the known resources of the
 * real API that are not emulated answer 501). References to the objects left out (mirror ids, QoS policy,
 * load balancer) answer 404 as on a MidoNet without them.
 *
 * <p>Structure: {@link org.midonet.kube.sim.SimHttpHandler} (HTTP, faults, counts) hands API requests to
 * {@link org.midonet.kube.sim.ApiDispatcher} (login, token, routing, 405, media types), which runs the handler of
 * one of the {@code *Resource} classes listed in {@link org.midonet.kube.sim.MidonetApi} under the lock of
 * {@link org.midonet.kube.sim.SimState}, which holds the objects and the cascades of deletes.
 */
package org.midonet.kube.sim;

package org.midonet.kube.trace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.midonet.kube.trace.Topology.Device;
import org.midonet.kube.trace.Topology.DeviceType;
import org.midonet.kube.trace.Topology.Port;
import org.midonet.kube.trace.Topology.Route;

/**
 * Follows one packet through the virtual network the way a MidoNet agent simulates it (agent semantics §1, §5,
 * §6 and the model of §10): port and device filters in MidoNet's order, bridge forwarding by MAC, router
 * longest-prefix routing, port links, until the packet leaves at an exterior port or is lost. Chains and NAT
 * are {@link ChainEvaluator}'s. Single use: one instance per packet.
 */
final class Simulation {
    /** MidoNet refuses a 12th port ingress as a topology loop. */
    private static final int MAX_INGRESSES = 12;

    private final Topology topology;
    private final Function<UUID, String> portLabels;
    private final ChainEvaluator chains;
    private final Flow flow;
    private final List<Trace.Step> steps = new ArrayList<>();
    private final List<Trace.Delivery> deliveries = new ArrayList<>();
    private Trace.Drop drop;
    private String consumed;
    private int ingresses;

    /** The packet as it is now, and what the conditions of the rules see besides it. */
    static final class Flow {
        final Packet original;
        Packet packet;
        UUID inPort;
        UUID outPort;
        UUID device;
        UUID firstDevice;
        boolean dstRewritten;
        final Set<UUID> traversed = new HashSet<>();

        Flow(Packet packet) {
            this.original = packet;
            this.packet = packet;
        }
    }

    Simulation(Topology topology, NatState state, Choices choices, Function<UUID, String> portLabels, Packet packet) {
        this.topology = topology;
        this.portLabels = portLabels;
        this.flow = new Flow(packet);
        this.chains = new ChainEvaluator(topology, state, choices, flow, steps::add);
    }

    Trace run(UUID ingressPort, Choices choices) {
        ingress(ingressPort);
        if (drop == null || !drop.error()) {
            chains.commit(deliveries.isEmpty() ? null : deliveries.get(0));
        }
        return new Trace(flow.original, label(ingressPort), List.copyOf(steps), List.copyOf(deliveries), drop,
                consumed, choices.made());
    }

    private void ingress(UUID portId) {
        Optional<Port> found = usable(portId);
        if (found.isEmpty()) {
            return;
        }
        Port port = found.get();
        ingresses++;
        flow.inPort = port.id();
        flow.outPort = null;
        flow.device = port.deviceId();
        flow.dstRewritten = false;
        flow.traversed.add(port.id());
        if (flow.firstDevice == null) {
            flow.firstDevice = port.deviceId();
        }
        step("ingress", deviceName(port), "in at " + label(port.id()) + ": " + flow.packet.flow());
        if (!port.adminUp()) {
            lose(label(port.id()), "the port is administratively down", false);
            return;
        }
        if (!filter(port.inboundFilter(), label(port.id()) + " inbound filter")) {
            return;
        }
        Optional<Device> device = topology.device(port.deviceId());
        if (device.isEmpty()) {
            lose(label(port.id()), "its device " + port.deviceId() + " does not exist", true);
        } else if (device.get().type() == DeviceType.BRIDGE) {
            bridge(device.get());
        } else {
            router(device.get());
        }
    }

    private void bridge(Device bridge) {
        flow.traversed.add(bridge.id());
        String where = "bridge " + topology.nameOf(bridge.id());
        if (!bridge.adminUp()) {
            lose(where, "the bridge is administratively down", false);
            return;
        }
        if (!filter(bridge.inboundFilter(), where + " inbound filter")) {
            return;
        }
        String dstMac = flow.packet.dstMac();
        List<UUID> targets = new ArrayList<>();
        if (dstMac == null || isMulticast(dstMac)) {
            targets.addAll(floodTargets(bridge));
            step("bridge", where, "destination MAC " + dstMac + " is not unicast: flooded to " + targets.size()
                    + " exterior port(s)");
        } else {
            Optional<UUID> toRouter = topology.portsOf(bridge.id()).stream().filter(Port::interior)
                    .filter(p -> topology.port(p.peerId()).map(peer -> dstMac.equals(peer.mac())).orElse(false))
                    .map(Port::id).findFirst();
            UUID learned = topology.macTable(bridge.id()).get(dstMac);
            if (toRouter.isPresent()) {
                targets.add(toRouter.get());
                step("bridge", where, "destination MAC " + dstMac + " is the router port's: to " + label(toRouter.get()));
            } else if (learned != null) {
                if (learned.equals(flow.inPort)) {
                    lose(where, "the MAC table sends " + dstMac + " back to the port it came from", true);
                    return;
                }
                targets.add(learned);
                step("bridge", where, "MAC table: " + dstMac + " is at " + label(learned));
            } else {
                targets.addAll(floodTargets(bridge));
                step("bridge", where, "MAC " + dstMac + " is not in the MAC table: flooded to " + targets.size()
                        + " exterior port(s)");
            }
        }
        flow.outPort = targets.size() == 1 ? targets.get(0) : null;
        if (!filter(bridge.outboundFilter(), where + " outbound filter")) {
            return;
        }
        if (targets.isEmpty()) {
            lose(where, "no port to send the frame to", false);
            return;
        }
        Packet before = flow.packet;
        for (UUID target : targets) {
            flow.packet = before;
            egress(target);
        }
    }

    private List<UUID> floodTargets(Device bridge) {
        return topology.portsOf(bridge.id()).stream().filter(Port::exterior).map(Port::id)
                .filter(id -> !id.equals(flow.inPort)).toList();
    }

    private void router(Device router) {
        flow.traversed.add(router.id());
        String where = "router " + topology.nameOf(router.id());
        if (!router.adminUp()) {
            lose(where, "the router is administratively down (ICMP admin prohibited to the sender)", false);
            return;
        }
        Port in = topology.port(flow.inPort).orElseThrow();
        if (!flow.packet.dstMac().equals(in.mac())) {
            lose(where, "frame to MAC " + flow.packet.dstMac() + " reached router port " + in.mac()
                    + ", which takes only its own", false);
            return;
        }
        if (!filter(router.inboundFilter(), where + " inbound filter")) {
            return;
        }
        Optional<Route> found = RouteLookup.lookup(topology, router.id(), flow.packet, chains.choices(), where);
        if (found.isEmpty()) {
            lose(where, "no route to " + flow.packet.dstIp() + " (the router answers ICMP net unreachable)", false);
            return;
        }
        Route route = found.get();
        step("route", where, "route " + route.destination() + (route.source().length() > 0 ? " from " + route.source() : "")
                + " (" + route.type() + ")" + (route.nextHopPort() == null ? "" : " via " + label(route.nextHopPort()))
                + (route.nextHopGateway() == null ? "" : " gateway " + route.nextHopGateway()));
        switch (route.type()) {
            case "Local" -> {
                if (flow.packet.protocol() == Packet.ICMP) {
                    consumed = where + " answers the echo request itself";
                    step("note", where, consumed);
                } else {
                    lose(where, flow.packet.dstIp() + " is the router's own address", false);
                }
                return;
            }
            case "BlackHole" -> {
                lose(where, "black-hole route " + route.destination(), false);
                return;
            }
            case "Reject" -> {
                lose(where, "reject route " + route.destination() + " (ICMP admin prohibited to the sender)", false);
                return;
            }
            default -> {
            }
        }
        if (flow.packet.ttl() <= 1) {
            lose(where, "TTL expired (ICMP time exceeded to the sender)", false);
            return;
        }
        flow.packet = flow.packet.withTtl(flow.packet.ttl() - 1);
        Optional<Port> out = topology.port(route.nextHopPort());
        if (out.isEmpty()) {
            lose(where, "the route's next-hop port " + route.nextHopPort() + " does not exist", false);
            return;
        }
        if (out.get().address() == null || flow.packet.dstIp().equals(out.get().address())) {
            lose(where, "the next-hop port has no address or is the destination itself", false);
            return;
        }
        flow.outPort = out.get().id();
        if (!filter(router.outboundFilter(), where + " outbound filter")) {
            return;
        }
        String nextHop = route.nextHopGateway() == null || route.nextHopGateway().equals("0.0.0.0")
                || route.nextHopGateway().equals("255.255.255.255") ? flow.packet.dstIp() : route.nextHopGateway();
        Optional<String> mac = nextHopMac(out.get(), nextHop);
        if (mac.isEmpty()) {
            lose(where, "no MAC known for next hop " + nextHop + " behind " + label(out.get().id())
                    + ": MidoNet would ARP for it and drop the packet if no one answers", false);
            return;
        }
        flow.packet = flow.packet.withMacs(out.get().mac(), mac.get());
        egress(out.get().id());
    }

    /** The MAC of the next hop: a peer router port's, or what the peer bridge knows (router ports, ARP table). */
    private Optional<String> nextHopMac(Port out, String nextHop) {
        Optional<Port> peer = topology.port(out.peerId());
        if (peer.isEmpty()) {
            return Optional.empty();
        }
        if (peer.get().type() == DeviceType.ROUTER) {
            return Optional.ofNullable(peer.get().mac());
        }
        return ArpResolution.onBridge(topology, peer.get().deviceId(), nextHop);
    }

    private void egress(UUID portId) {
        Optional<Port> found = usable(portId);
        if (found.isEmpty()) {
            return;
        }
        Port port = found.get();
        if (port.type() == DeviceType.BRIDGE && port.id().equals(flow.inPort)) {
            lose(label(port.id()), "a bridge does not send a frame back out of the port it came in", false);
            return;
        }
        if (!port.adminUp()) {
            lose(label(port.id()), "the port is administratively down", false);
            return;
        }
        flow.outPort = port.id();
        flow.traversed.add(port.id());
        if (!filter(port.outboundFilter(), label(port.id()) + " outbound filter")) {
            return;
        }
        if (port.exterior()) {
            step("egress", deviceName(port), "out at " + label(port.id()) + ": " + flow.packet.flow());
            deliveries.add(new Trace.Delivery(port.id(), label(port.id()), flow.packet));
        } else if (port.interior()) {
            step("egress", deviceName(port), "out at " + label(port.id()) + " to its peer");
            ingress(port.peerId());
        } else {
            lose(label(port.id()), "the port is neither bound to a host interface nor linked to another port", true);
        }
    }

    /** The port, unless it does not exist or the packet has been through too many (the loss is then recorded). */
    private Optional<Port> usable(UUID portId) {
        Optional<Port> found = topology.port(portId);
        if (found.isEmpty()) {
            lose("port " + portId, "the port does not exist", true);
        } else if (ingresses >= MAX_INGRESSES) {
            lose(label(portId), "more than " + (MAX_INGRESSES - 1) + " port hops: MidoNet drops it as a topology loop", true);
            return Optional.empty();
        }
        return found;
    }

    /** Runs a filter; false (and the loss recorded) when it drops the packet. */
    private boolean filter(UUID chainId, String where) {
        if (chainId == null) {
            return true;
        }
        ChainEvaluator.Verdict verdict = chains.filter(chainId, where);
        if (verdict.passes()) {
            return true;
        }
        lose(where, verdict.reason(), verdict.ruleId(), false);
        return false;
    }

    private void lose(String where, String reason, boolean error) {
        lose(where, reason, null, error);
    }

    private void lose(String where, String reason, UUID ruleId, boolean error) {
        if (drop == null) {
            drop = new Trace.Drop(where, reason, ruleId, error);
        }
        step("drop", where, "dropped: " + reason);
    }

    private void step(String kind, String device, String text) {
        steps.add(new Trace.Step(kind, 0, device, text, null));
    }

    private String deviceName(Port port) {
        return (port.type() == DeviceType.BRIDGE ? "bridge " : "router ") + topology.nameOf(port.deviceId());
    }

    private String label(UUID portId) {
        return portLabels.apply(portId);
    }

    private static boolean isMulticast(String mac) {
        return (Integer.parseInt(mac.substring(0, 2), 16) & 1) == 1;
    }
}

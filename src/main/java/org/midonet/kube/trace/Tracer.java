package org.midonet.kube.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.midonet.kube.trace.Topology.Port;

/**
 * Traces packets through a topology: one trace per outcome of MidoNet's random choices, each optionally
 * followed by the trace of the reply, all against flow state that the forward trace wrote.
 */
public final class Tracer {
    /** Enumeration stops here; a Service with more endpoints has as many outcomes. */
    public static final int MAX_OUTCOMES = 1024;

    private final Topology topology;
    private final PortLabels labels;

    public Tracer(Topology topology, Map<String, String> labelsByInterface) {
        this.topology = topology;
        this.labels = new PortLabels(topology, labelsByInterface);
    }

    public Topology topology() {
        return topology;
    }

    /** Something that sends a packet: the port it sends through, its address and MAC. */
    public record Sender(UUID port, String ip, String mac) {
    }

    /** One possible fate of the packet: the choices taken, the forward trace and, if asked, the reply's. */
    public record Outcome(List<Trace.ChoicePoint> choices, Trace forward, Trace reply) {
        public boolean delivered() {
            return forward.delivered() && (reply == null || reply.delivered());
        }
    }

    public String label(UUID port) {
        return labels.apply(port);
    }

    /** Every outcome of sending {@code protocol} from the sender to dstIp:dstPort, each on its own copy of the state. */
    public List<Outcome> outcomes(Sender from, String dstIp, int protocol, int srcPort, int dstPort, boolean reply,
            NatState state) {
        List<Outcome> outcomes = new ArrayList<>();
        Deque<List<Integer>> scripts = new ArrayDeque<>();
        scripts.add(List.of());
        while (!scripts.isEmpty() && outcomes.size() < MAX_OUTCOMES) {
            List<Integer> script = scripts.poll();
            NatState own = state.copy();
            Trace forward = send(from, dstIp, protocol, srcPort, dstPort, own, script);
            Trace back = reply && forward.delivered() ? reply(forward.deliveries().get(0), own) : null;
            outcomes.add(new Outcome(forward.choices(), forward, back));
            List<Trace.ChoicePoint> made = forward.choices();
            for (int i = script.size(); i < made.size(); i++) {
                for (int option = 1; option < made.get(i).options().size(); option++) {
                    List<Integer> next = new ArrayList<>();
                    made.subList(0, i).forEach(c -> next.add(c.chosen()));
                    next.add(option);
                    scripts.add(next);
                }
            }
        }
        return outcomes;
    }

    /** One trace, taking the options of {@code script} at the choice points (the first one past its end). */
    public Trace send(Sender from, String dstIp, int protocol, int srcPort, int dstPort, NatState state, List<Integer> script) {
        Packet packet = new Packet(from.mac(), null, from.ip(), dstIp, protocol, srcPort, dstPort, 64);
        return inject(from.port(), packet, state, script);
    }

    /** The answer of whoever received the delivery, sent back from where it was delivered. */
    public Trace reply(Trace.Delivery delivery, NatState state) {
        return inject(delivery.port(), delivery.packet().reply(), state, List.of());
    }

    /** Sends from a port: the sender addresses its gateway, or the destination itself when it is on its subnet. */
    private Trace inject(UUID portId, Packet packet, NatState state, List<Integer> script) {
        Choices choices = new Choices(script);
        Optional<Port> port = topology.port(portId);
        Optional<String> dstMac = port.flatMap(p -> firstHopMac(p, packet.dstIp()));
        if (dstMac.isEmpty()) {
            String where = label(portId);
            String reason = port.isEmpty() ? "the sender's port does not exist"
                    : "the sender finds no MAC for its first hop towards " + packet.dstIp()
                    + " (no gateway linked to its bridge, or no ARP entry on its subnet)";
            return new Trace(packet, where, List.of(new Trace.Step("drop", 0, where, "dropped: " + reason, null)),
                    List.of(), new Trace.Drop(where, reason, null, true), null, List.of());
        }
        Packet framed = packet.withMacs(packet.srcMac(), dstMac.get());
        return new Simulation(topology, state, choices, labels, framed).run(portId, choices);
    }

    private Optional<String> firstHopMac(Port port, String dstIp) {
        Optional<Port> gateway = topology.gatewayOf(port.deviceId());
        if (gateway.isPresent() && gateway.get().subnet() != null && !gateway.get().subnet().contains(dstIp)) {
            return Optional.ofNullable(gateway.get().mac());
        }
        return ArpResolution.onBridge(topology, port.deviceId(), dstIp);
    }
}

package org.midonet.kube.trace;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.midonet.kube.common.Ipv4;
import org.midonet.kube.trace.NatState.Binding;
import org.midonet.kube.trace.NatState.Key;
import org.midonet.kube.trace.NatState.Kind;
import org.midonet.kube.trace.Topology.NatTarget;
import org.midonet.kube.trace.Topology.Rule;

/**
 * dnat, snat, rev_dnat and rev_snat as the agent applies them (agent semantics §3): keyed by the packet as it
 * is now and the current device; an existing binding is reused; a new DNAT draws a target at random (a choice
 * point here); a new SNAT takes the first free port of its range; reverse rules act only when they find state.
 */
final class NatRules {
    /** Above this many addresses in one target's range, the trace takes the first instead of offering each. */
    private static final int MAX_ENUMERATED_ADDRESSES = 16;

    private final NatState state;
    private final Map<Key, Binding> pending;
    private final Choices choices;
    private final Simulation.Flow flow;
    private String lastMiss;

    NatRules(NatState state, Map<Key, Binding> pending, Choices choices, Simulation.Flow flow) {
        this.state = state;
        this.pending = pending;
        this.choices = choices;
        this.flow = flow;
    }

    /** Why the last rule that did not apply did not. */
    String lastMiss() {
        return lastMiss;
    }

    /** What the rule did, or empty when its translation does not apply (the rule then acts as CONTINUE). */
    Optional<String> apply(Rule rule, String chainName) {
        Packet p = flow.packet;
        boolean reverse = rule.type().startsWith("rev_");
        if (!reverse && rule.natTargets().stream().allMatch(t -> t.portFrom() == 0 && t.portTo() == 0)) {
            return staticNat(rule);
        }
        if (!p.natSupported()) {
            lastMiss = "MidoNet translates only TCP, UDP and ICMP, not " + Packet.protocolName(p.protocol());
            return Optional.empty();
        }
        return switch (rule.type()) {
            case "dnat" -> Optional.of(dnat(rule, chainName));
            case "snat" -> Optional.of(snat(rule));
            case "rev_dnat" -> reverse(Kind.REV_DNAT);
            default -> reverse(Kind.REV_SNAT);
        };
    }

    private Optional<String> staticNat(Rule rule) {
        if (rule.natTargets().size() != 1) {
            lastMiss = "a NAT rule without target ports needs exactly one target (the agent refuses this rule)";
            return Optional.empty();
        }
        String address = rule.natTargets().get(0).addressFrom();
        if (rule.type().equals("dnat")) {
            flow.packet = flow.packet.withDestination(address, flow.packet.dstPort());
            flow.dstRewritten = true;
        } else {
            flow.packet = flow.packet.withSource(address, flow.packet.srcPort());
        }
        return Optional.of("static " + rule.type() + " to " + address + " (no state)");
    }

    private String dnat(Rule rule, String chainName) {
        Packet p = flow.packet;
        Key forward = key(Kind.FWD_DNAT, p);
        Binding binding = lookup(forward);
        String how = "existing binding reused";
        if (binding == null) {
            List<Binding> options = candidates(rule.natTargets(), p.dstPort());
            int pick = 0;
            if (options.size() > 1) {
                pick = choices.choose(chainName + " " + rule.type() + " target", rule.id(),
                        options.stream().map(b -> b.ip() + ":" + b.port()).toList());
                how = "target " + (pick + 1) + " of " + options.size() + " chosen at random";
            } else {
                how = "to its only target";
            }
            binding = options.get(pick);
            pending.put(forward, binding);
            pending.put(new Key(Kind.REV_DNAT, binding.ip(), binding.port(), p.srcIp(), p.srcPort(), p.protocol(), flow.device),
                    new Binding(p.dstIp(), p.dstPort()));
        }
        flow.packet = p.withDestination(binding.ip(), p.protocol() == Packet.ICMP ? p.dstPort() : binding.port());
        flow.dstRewritten = true;
        return "dnat " + how;
    }

    /** Every address and port a DNAT may pick, targets deduplicated as the agent's set does. */
    private static List<Binding> candidates(List<NatTarget> targets, int originalPort) {
        LinkedHashSet<Binding> out = new LinkedHashSet<>();
        for (NatTarget t : targets) {
            long from = Ipv4.parse(t.addressFrom());
            long to = Ipv4.parse(t.addressTo() == null ? t.addressFrom() : t.addressTo());
            int port = t.portFrom() == 0 ? originalPort : t.portFrom();
            for (long a = from; a <= to && a < from + MAX_ENUMERATED_ADDRESSES; a++) {
                out.add(new Binding(Ipv4.format(a), port));
            }
        }
        return new ArrayList<>(out);
    }

    private String snat(Rule rule) {
        Packet p = flow.packet;
        Key forward = key(Kind.FWD_SNAT, p);
        Binding binding = lookup(forward);
        String how = "existing binding reused";
        if (binding == null) {
            NatTarget target = rule.natTargets().get(0);
            int port = Math.max(target.portFrom(), 1);
            while (port < target.portTo() && taken(target.addressFrom(), port, p)) {
                port++;
            }
            binding = new Binding(target.addressFrom(), p.protocol() == Packet.ICMP ? p.srcPort() : port);
            how = "new binding (MidoNet picks a free port in " + target.portFrom() + "-" + target.portTo() + ")";
            pending.put(forward, binding);
            pending.put(new Key(Kind.REV_SNAT, p.dstIp(), p.dstPort(), binding.ip(), binding.port(), p.protocol(), flow.device),
                    new Binding(p.srcIp(), p.srcPort()));
        }
        flow.packet = p.withSource(binding.ip(), binding.port());
        return "snat " + how;
    }

    private boolean taken(String ip, int port, Packet p) {
        Key reverse = new Key(Kind.REV_SNAT, p.dstIp(), p.dstPort(), ip, port, p.protocol(), flow.device);
        return pending.containsKey(reverse) || state.get(reverse) != null;
    }

    private Optional<String> reverse(Kind kind) {
        Packet p = flow.packet;
        Binding original = lookup(key(kind, p));
        if (original == null) {
            lastMiss = "no " + (kind == Kind.REV_DNAT ? "DNAT" : "SNAT") + " state for this connection on this device";
            return Optional.empty();
        }
        if (kind == Kind.REV_DNAT) {
            flow.packet = p.withSource(original.ip(), original.port());
            return Optional.of("reverse DNAT found: source back to " + original.ip() + ":" + original.port());
        }
        flow.packet = p.withDestination(original.ip(), original.port());
        return Optional.of("reverse SNAT found: destination back to " + original.ip() + ":" + original.port());
    }

    private Key key(Kind kind, Packet p) {
        return new Key(kind, p.srcIp(), p.srcPort(), p.dstIp(), p.dstPort(), p.protocol(), flow.device);
    }

    private Binding lookup(Key key) {
        Binding binding = pending.get(key);
        return binding != null ? binding : state.get(key);
    }
}

package org.midonet.kube.trace;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.midonet.kube.trace.NatState.Binding;
import org.midonet.kube.trace.NatState.Key;
import org.midonet.kube.trace.Topology.Chain;
import org.midonet.kube.trace.Topology.Rule;

/**
 * Evaluates a filter (a chain and the chains it jumps to) as MidoNet does (agent semantics §2): rules in
 * order on the packet as earlier rules left it; jump, return, accept, drop, reject; NAT rules act only when
 * their translation applies; the end of the top-level chain accepts. NAT bindings and conntrack keys are kept
 * pending until the packet's fate is known.
 */
final class ChainEvaluator {

    enum Result { ACCEPT, DROP, REJECT, CONTINUE, RETURN }

    /** A filter's answer; {@code reason} and {@code ruleId} say what dropped the packet. */
    record Verdict(boolean passes, String reason, UUID ruleId) {
    }

    private final Topology topology;
    private final NatState state;
    private final Choices choices;
    private final Simulation.Flow flow;
    private final Consumer<Trace.Step> steps;
    private final NatRules nat;
    private final Map<Key, Binding> pending = new LinkedHashMap<>();
    private Boolean returnFlow;
    private Rule decisive;

    ChainEvaluator(Topology topology, NatState state, Choices choices, Simulation.Flow flow, Consumer<Trace.Step> steps) {
        this.topology = topology;
        this.state = state;
        this.choices = choices;
        this.flow = flow;
        this.steps = steps;
        this.nat = new NatRules(state, pending, choices, flow);
    }

    Choices choices() {
        return choices;
    }

    Verdict filter(UUID chainId, String where) {
        Optional<Chain> chain = topology.chain(chainId);
        if (chain.isEmpty()) {
            step(1, where, "chain " + chainId + " does not exist: nothing filtered", null);
            return new Verdict(true, null, null);
        }
        step(1, where, "chain " + chain.get().name(), null);
        decisive = null;
        Result result = evaluate(chain.get(), new HashSet<>(), 2);
        if (result == Result.DROP || result == Result.REJECT) {
            String rule = decisive == null ? "" : " rule " + describe(decisive);
            return new Verdict(false, (result == Result.DROP ? "dropped by" : "rejected by") + rule
                    + " in chain " + topology.chainName(decisive == null ? chainId : decisive.chainId()),
                    decisive == null ? null : decisive.id());
        }
        return new Verdict(true, null, null);
    }

    private Result evaluate(Chain chain, Set<UUID> visited, int level) {
        visited.add(chain.id());
        int matched = 0;
        for (Rule rule : chain.rules()) {
            if (!rule.condition().unmodelled().isEmpty()) {
                step(level, chain.name(), "rule " + rule.position() + " uses conditions the tracer does not model ("
                        + String.join(", ", rule.condition().unmodelled()) + "): taken as not matching", rule.id());
            }
            if (!rule.condition().matches(context())) {
                continue;
            }
            matched++;
            Result result = apply(rule, chain, visited, level);
            if (result != Result.CONTINUE) {
                if (result != Result.RETURN) {
                    decisive = decisive == null ? rule : decisive;
                }
                return result;
            }
        }
        if (matched == 0) {
            step(level, chain.name(), "no rule matches (" + chain.rules().size() + " rules)", null);
        }
        return Result.CONTINUE;
    }

    private Result apply(Rule rule, Chain chain, Set<UUID> visited, int level) {
        String name = chain.name();
        switch (rule.type()) {
            case "jump" -> {
                Optional<Chain> target = topology.chain(rule.jumpChainId());
                if (target.isEmpty()) {
                    step(level, name, describe(rule) + ": the target chain does not exist, go on", rule.id());
                    return Result.CONTINUE;
                }
                if (visited.contains(target.get().id())) {
                    step(level, name, describe(rule) + ": already visited in this filter, skipped", rule.id());
                    return Result.CONTINUE;
                }
                step(level, name, describe(rule), rule.id());
                Result result = evaluate(target.get(), visited, level + 1);
                return result == Result.RETURN ? Result.CONTINUE : result;
            }
            case "accept", "drop", "reject", "return" -> {
                step(level, name, describe(rule), rule.id());
                return Result.valueOf(rule.type().toUpperCase(Locale.ROOT));
            }
            case "dnat", "snat", "rev_dnat", "rev_snat" -> {
                Optional<String> done = nat.apply(rule, chain.name());
                if (done.isEmpty()) {
                    step(level, name, describe(rule) + ": " + nat.lastMiss() + ", go on", rule.id());
                    return Result.CONTINUE;
                }
                steps.accept(new Trace.Step("nat", level, name,
                        describe(rule) + ": " + done.get() + " -> " + flow.packet.flow(), rule.id()));
                return flowAction(rule);
            }
            default -> {
                step(level, name, describe(rule) + ": rule type not modelled, go on", rule.id());
                return Result.CONTINUE;
            }
        }
    }

    private static Result flowAction(Rule rule) {
        if (rule.flowAction() == null) {
            return Result.ACCEPT;
        }
        return switch (rule.flowAction()) {
            case "continue" -> Result.CONTINUE;
            case "return" -> Result.RETURN;
            default -> Result.ACCEPT;
        };
    }

    private Condition.Context context() {
        return new Condition.Context(flow.packet, flow.inPort, flow.outPort, flow.traversed, flow.dstRewritten,
                this::isReturnFlow);
    }

    /** Conntrack is looked up once, the first time a rule asks, from the packet as it entered (§4). */
    private boolean isReturnFlow() {
        if (returnFlow == null) {
            Packet p = flow.original;
            returnFlow = p.natSupported() && state.tracked(connection(p.srcIp(), p.srcPort(), p.dstIp(), p.dstPort(),
                    p.protocol(), flow.firstDevice));
        }
        return returnFlow;
    }

    /** Makes the trace's flow state part of the store; a forward flow that asked conntrack is remembered. */
    void commit(Trace.Delivery delivery) {
        state.putAll(pending);
        if (delivery != null && Boolean.FALSE.equals(returnFlow)) {
            Packet p = delivery.packet();
            UUID egressDevice = topology.port(delivery.port()).map(Topology.Port::deviceId).orElse(null);
            state.track(connection(p.dstIp(), p.dstPort(), p.srcIp(), p.srcPort(), p.protocol(), egressDevice));
        }
    }

    private static String connection(String src, int sport, String dst, int dport, int protocol, UUID device) {
        return protocol + "/" + src + ":" + sport + "/" + dst + ":" + dport + "@" + device;
    }

    private void step(int level, String device, String text, UUID ruleId) {
        steps.accept(new Trace.Step(ruleId == null ? "filter" : "rule", level, device, text, ruleId));
    }

    private String describe(Rule rule) {
        StringBuilder s = new StringBuilder("#").append(rule.position()).append(' ').append(rule.type());
        String condition = rule.condition().describe();
        if (!condition.equals("any")) {
            s.append(" [").append(condition).append(']');
        }
        if (rule.type().equals("jump")) {
            s.append(" -> ").append(topology.chainName(rule.jumpChainId()));
        }
        return s.toString();
    }
}

package org.midonet.kube.trace;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * A rule's condition as MidoNet evaluates it (reference: agent semantics §2.5): a conjunction of the fields
 * that are set, each optionally inverted, the whole optionally inverted by {@code condInvert}. Fields the
 * tracer does not model (port groups, address groups, VLANs, ICMP data) are listed in {@code unmodelled}.
 */
public record Condition(
        boolean condInvert,
        boolean matchForwardFlow,
        boolean matchReturnFlow,
        Set<UUID> inPorts, boolean invInPorts,
        Set<UUID> outPorts, boolean invOutPorts,
        Integer dlType, boolean invDlType,
        String dlSrc, boolean invDlSrc,
        String dlDst, boolean invDlDst,
        Integer nwProto, boolean invNwProto,
        Prefix nwSrc, boolean invNwSrc,
        Prefix nwDst, boolean invNwDst,
        Range tpSrc, boolean invTpSrc,
        Range tpDst, boolean invTpDst,
        UUID traversedDevice, boolean invTraversedDevice,
        boolean matchNwDstRewritten,
        String fragmentPolicy,
        List<String> unmodelled) {

    /** An inclusive range; an open end is null. */
    public record Range(Integer start, Integer end) {
        boolean contains(int value) {
            return (start == null || value >= start) && (end == null || value <= end);
        }

        @Override
        public String toString() {
            return start != null && start.equals(end) ? String.valueOf(start) : (start == null ? "" : start) + "-"
                    + (end == null ? "" : end);
        }
    }

    public static final Condition ANY = new Condition(false, false, false, Set.of(), false, Set.of(), false, null,
            false, null, false, null, false, null, false, null, false, null, false, null, false, null, false, null,
            false, false, null, List.of());

    /** What the packet looks like to a condition at one point of the simulation. */
    record Context(Packet packet, UUID inPort, UUID outPort, Set<UUID> traversed, boolean nwDstRewritten,
            BooleanSupplier returnFlow) {
    }

    public boolean matches(Context c) {
        Packet p = c.packet();
        if ("nonheader".equals(fragmentPolicy)) {
            return false; // the tracer sends unfragmented packets only
        }
        boolean all = (!matchForwardFlow || !c.returnFlow().getAsBoolean())
                && (!matchReturnFlow || c.returnFlow().getAsBoolean())
                && (inPorts.isEmpty() || invInPorts != inPorts.contains(c.inPort()))
                && (outPorts.isEmpty() || invOutPorts != outPorts.contains(c.outPort()))
                && (dlType == null || invDlType != (dlType == Packet.IPV4))
                && (dlSrc == null || invDlSrc != dlSrc.equalsIgnoreCase(p.srcMac()))
                && (dlDst == null || invDlDst != dlDst.equalsIgnoreCase(p.dstMac()))
                && (nwProto == null || invNwProto != (nwProto == p.protocol()))
                && (nwSrc == null || invNwSrc != nwSrc.contains(p.srcIp()))
                && (nwDst == null || invNwDst != nwDst.contains(p.dstIp()))
                && (tpSrc == null || invTpSrc != tpSrc.contains(p.srcPort()))
                && (tpDst == null || invTpDst != tpDst.contains(p.dstPort()))
                && (traversedDevice == null || invTraversedDevice != c.traversed().contains(traversedDevice))
                && (!matchNwDstRewritten || c.nwDstRewritten())
                && unmodelled.isEmpty();
        return condInvert != all;
    }

    /** A short human description of what is matched, e.g. "ipv4 dst 10.96.0.10/32 udp dport 53". */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (condInvert) {
            s.append("not(");
        }
        if (matchForwardFlow) {
            s.append("forward-flow ");
        }
        if (matchReturnFlow) {
            s.append("return-flow ");
        }
        if (!inPorts.isEmpty()) {
            s.append(invInPorts ? "in-port not " : "in-port ").append(inPorts).append(' ');
        }
        if (!outPorts.isEmpty()) {
            s.append(invOutPorts ? "out-port not " : "out-port ").append(outPorts).append(' ');
        }
        if (dlType != null) {
            s.append(invDlType ? "not " : "").append(dlType == Packet.IPV4 ? "ipv4" : String.format("ethertype 0x%04x", dlType))
                    .append(' ');
        }
        append(s, "src mac", dlSrc, invDlSrc);
        append(s, "dst mac", dlDst, invDlDst);
        append(s, "src", nwSrc, invNwSrc);
        append(s, "dst", nwDst, invNwDst);
        if (nwProto != null) {
            s.append(invNwProto ? "not " : "").append(Packet.protocolName(nwProto)).append(' ');
        }
        append(s, "sport", tpSrc, invTpSrc);
        append(s, "dport", tpDst, invTpDst);
        append(s, "traversed", traversedDevice, invTraversedDevice);
        if (matchNwDstRewritten) {
            s.append("dst-rewritten ");
        }
        if (!unmodelled.isEmpty()) {
            s.append("[not modelled: ").append(String.join(", ", unmodelled)).append("] ");
        }
        String text = s.toString().trim();
        if (condInvert) {
            text += ")";
        }
        return text.isEmpty() ? "any" : text;
    }

    private static void append(StringBuilder s, String label, Object value, boolean inverted) {
        if (value != null) {
            s.append(label).append(inverted ? " not " : " ").append(value).append(' ');
        }
    }
}

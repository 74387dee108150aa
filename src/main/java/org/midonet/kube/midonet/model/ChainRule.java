package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A rule of a chain (MidoNet's "Rule"; named so to keep apart from Drools rules). Rules are immutable in
 * MidoNet. {@code position} is the rule's 1-based place in its chain when it is created: MidoNet puts a
 * rule without a position at the head, so every rule carries one explicitly.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChainRule(
        @JsonIgnore UUID chainId,
        UUID id,
        Type type,
        int position,
        Integer dlType,
        String nwSrcAddress,
        Integer nwSrcLength,
        String nwDstAddress,
        Integer nwDstLength,
        Integer nwProto,
        PortRange tpDst,
        UUID jumpChainId,
        FlowAction flowAction,
        List<NatTarget> natTargets)
        implements MidonetResource {

    /** EtherType of IPv4. */
    public static final int IPV4 = 0x0800;

    public enum Type {
        JUMP, DNAT, SNAT, REV_DNAT, REV_SNAT, ACCEPT, DROP, RETURN;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a NAT rule does next when its translation applied. */
    public enum FlowAction {
        ACCEPT, CONTINUE, RETURN;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An inclusive range of L4 ports; MidoNet needs both ends. */
    public record PortRange(int start, int end) {
        public static PortRange of(int port) {
            return new PortRange(port, port);
        }
    }

    /** A NAT target: an address range and a port range (0 keeps the port). */
    public record NatTarget(String addressFrom, String addressTo, int portFrom, int portTo) {
        public static NatTarget to(String address, int port) {
            return new NatTarget(address, address, port, port);
        }
    }

    /**
     * The match of a rule; a null field matches everything. Addresses always come with their prefix length,
     * since MidoNet turns an address without one into a /0.
     */
    public record Match(Integer dlType, String nwSrcAddress, Integer nwSrcLength, String nwDstAddress,
            Integer nwDstLength, Integer nwProto, PortRange tpDst) {
        public static final Match ANY = new Match(null, null, null, null, null, null, null);

        public static Match ipv4() {
            return new Match(IPV4, null, null, null, null, null, null);
        }

        public Match fromHost(String address) {
            return fromNetwork(address, 32);
        }

        public Match toHost(String address) {
            return toNetwork(address, 32);
        }

        public Match fromNetwork(String address, int length) {
            return new Match(IPV4, address, length, nwDstAddress, nwDstLength, nwProto, tpDst);
        }

        public Match toNetwork(String address, int length) {
            return new Match(IPV4, nwSrcAddress, nwSrcLength, address, length, nwProto, tpDst);
        }

        public Match protocolAndPort(int protocol, int port) {
            return new Match(IPV4, nwSrcAddress, nwSrcLength, nwDstAddress, nwDstLength, protocol, PortRange.of(port));
        }
    }

    public ChainRule {
        if (position < 1) {
            throw new IllegalArgumentException("rule positions start at 1, got " + position);
        }
        natTargets = natTargets == null ? null : List.copyOf(natTargets);
    }

    private static ChainRule of(UUID chainId, UUID id, Type type, int position, Match m, UUID jumpChainId,
            FlowAction flowAction, List<NatTarget> natTargets) {
        return new ChainRule(chainId, id, type, position, m.dlType(), m.nwSrcAddress(), m.nwSrcLength(),
                m.nwDstAddress(), m.nwDstLength(), m.nwProto(), m.tpDst(), jumpChainId, flowAction, natTargets);
    }

    public static ChainRule jump(UUID chainId, UUID id, int position, Match match, UUID target) {
        return of(chainId, id, Type.JUMP, position, match, target, null, null);
    }

    public static ChainRule dnat(UUID chainId, UUID id, int position, Match match, FlowAction then,
            List<NatTarget> targets) {
        return of(chainId, id, Type.DNAT, position, match, null, then, requireTargets(targets));
    }

    public static ChainRule snat(UUID chainId, UUID id, int position, Match match, FlowAction then,
            List<NatTarget> targets) {
        return of(chainId, id, Type.SNAT, position, match, null, then, requireTargets(targets));
    }

    public static ChainRule reverseDnat(UUID chainId, UUID id, int position, FlowAction then) {
        return of(chainId, id, Type.REV_DNAT, position, Match.ANY, null, then, null);
    }

    public static ChainRule reverseSnat(UUID chainId, UUID id, int position, FlowAction then) {
        return of(chainId, id, Type.REV_SNAT, position, Match.ANY, null, then, null);
    }

    public static ChainRule literal(UUID chainId, UUID id, Type type, int position, Match match) {
        if (type != Type.ACCEPT && type != Type.DROP && type != Type.RETURN) {
            throw new IllegalArgumentException(type + " is not a literal rule type");
        }
        return of(chainId, id, type, position, match, null, null, null);
    }

    private static List<NatTarget> requireTargets(List<NatTarget> targets) {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("a NAT rule needs at least one target");
        }
        return targets;
    }

    /** The rule's match, apart from what it does. */
    public Match match() {
        return new Match(dlType, nwSrcAddress, nwSrcLength, nwDstAddress, nwDstLength, nwProto, tpDst);
    }

    public ResourceKind kind() {
        return ResourceKind.RULE;
    }

    public UUID parent() {
        return chainId;
    }

    public String key() {
        return id.toString();
    }

    public String createPath() {
        return "/chains/" + chainId + "/rules";
    }

    public String itemPath() {
        return "/rules/" + id;
    }
}

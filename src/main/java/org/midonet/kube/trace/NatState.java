package org.midonet.kube.trace;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The flow state MidoNet keeps between packets (agent semantics §3, §4): NAT bindings keyed by the packet's
 * 5-tuple and the device whose chain translated it, and conntrack keys. One store serves a forward trace and
 * the trace of its reply; a trace writes into it only when it completes (MidoNet commits state then).
 */
public final class NatState {

    enum Kind { FWD_DNAT, REV_DNAT, FWD_SNAT, REV_SNAT }

    record Key(Kind kind, String srcIp, int srcPort, String dstIp, int dstPort, int protocol, UUID device) {
    }

    /** Where a translation sends an address and port. */
    record Binding(String ip, int port) {
    }

    private final Map<Key, Binding> bindings;
    private final Set<String> conntrack;

    public NatState() {
        this(new HashMap<>(), new HashSet<>());
    }

    private NatState(Map<Key, Binding> bindings, Set<String> conntrack) {
        this.bindings = bindings;
        this.conntrack = conntrack;
    }

    /** An independent copy, for exploring one outcome of a choice without touching the others. */
    public NatState copy() {
        return new NatState(new HashMap<>(bindings), new HashSet<>(conntrack));
    }

    Binding get(Key key) {
        return bindings.get(key);
    }

    void putAll(Map<Key, Binding> pending) {
        bindings.putAll(pending);
    }

    boolean portTaken(Kind kind, UUID device, String ip, int port, String peerIp, int peerPort, int protocol) {
        return bindings.containsKey(new Key(kind, peerIp, peerPort, ip, port, protocol, device));
    }

    boolean tracked(String connection) {
        return conntrack.contains(connection);
    }

    void track(String connection) {
        conntrack.add(connection);
    }

    public int size() {
        return bindings.size();
    }
}

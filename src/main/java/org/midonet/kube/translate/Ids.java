package org.midonet.kube.translate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.translate.Backends.Backend;

/**
 * Deterministic MidoNet object ids, compatible with the original midonet-kubernetes: name-based UUIDs
 * (version 5, SHA-1) in a per-tenant space, so that an existing deployment keeps its objects.
 * Every object the rules derive has its id here, as a named method: the names of the sub-ids are the
 * original's and must not change.
 */
public final class Ids {
    /** The original's TranslationVersion; it is part of every id and Translation name. */
    public static final String TRANSLATION_VERSION = "4";
    public static final String DEFAULT_TENANT = "midonetkube";
    static final UUID TENANT_ROOT_SPACE = UUID.fromString("3978567E-91C4-465C-A0D1-67575F6B4C7F");

    private final String version;
    private final UUID space;
    private final UUID mainChain;

    private Ids(String version, UUID space) {
        this.version = version;
        this.space = space;
        this.mainChain = idForKey("midonet-global", "chain");
    }

    /** Ids of the current scheme for a MidoNet tenant. */
    public static Ids forTenant(String tenant) {
        return new Ids(TRANSLATION_VERSION, uuid5(TENANT_ROOT_SPACE, TRANSLATION_VERSION + "/" + tenant));
    }

    /** Ids of an older scheme that used a fixed space directly (Translation version 3, before tenants). */
    static Ids withSpace(String version, UUID space) {
        return new Ids(version, space);
    }

    /** The id of an object by its kind and key; rules of one's own use kinds of their own. */
    public UUID idForKey(String kind, String key) {
        return uuid5(space, version + "/" + kind + "/" + key);
    }

    /** The raw formula of the sub-ids of an object, which the named methods below apply. */
    public static UUID subId(UUID id, String name) {
        return uuid5(id, name);
    }

    /** KUBE-MAIN: every node bridge's inbound filter; the other global ids are sub-ids of it. */
    public UUID mainChain() {
        return mainChain;
    }

    /** KUBE-SERVICES: the chain of the jumps to the Service ports' chains. */
    public UUID servicesChain() {
        return subId(mainChain, "Services Chain");
    }

    /** KUBE-PRE: the chain that reverses the NAT of replies. */
    public UUID preChain() {
        return subId(mainChain, "Pre Chain");
    }

    /** KUBE-HAIRPIN: not in the original, which had no working hairpin. */
    public UUID hairpinChain() {
        return subId(mainChain, "Hairpin Chain");
    }

    /** The router that links all node bridges. */
    public UUID clusterRouter() {
        return subId(mainChain, "Cluster Router");
    }

    /** The tunnel zone of hosts whose Node names none. */
    public UUID defaultTunnelZone() {
        return subId(mainChain, "Default Tunnel Zone");
    }

    /** A rule of KUBE-MAIN or KUBE-PRE, named as the original named it. */
    UUID mainChainRule(String name) {
        return subId(mainChain, name);
    }

    /** The rule in KUBE-MAIN that jumps to KUBE-PRE. */
    public UUID jumpToPre() {
        return mainChainRule("Jump To Pre");
    }

    /** The rule in KUBE-MAIN that jumps to KUBE-SERVICES. */
    public UUID jumpToServices() {
        return mainChainRule("Jump To Services");
    }

    /** The rule in KUBE-MAIN that jumps to KUBE-HAIRPIN. */
    public UUID jumpToHairpin() {
        return mainChainRule("Jump To Hairpin");
    }

    /** The rev_snat rule in KUBE-PRE. */
    public UUID reverseSnat() {
        return mainChainRule("Reverse SNAT");
    }

    /** The rev_dnat rule in KUBE-PRE. */
    public UUID reverseDnat() {
        return mainChainRule("Reverse DNAT");
    }

    /** The base id of a Node: its bridge; its other objects are sub-ids of it. */
    public UUID node(String nodeName) {
        return idForKey("Node", nodeName);
    }

    /** The node bridge's port that is linked to the cluster router. */
    public UUID nodeBridgePort(String nodeName) {
        return subId(node(nodeName), "Bridge Port");
    }

    /** The cluster router's port to a node bridge, with the pod CIDR's gateway address. */
    public UUID nodeRouterPort(String nodeName) {
        return subId(node(nodeName), "Router Port");
    }

    /** The cluster router's route to a node's pod CIDR. */
    public UUID nodePodCidrRoute(String nodeName) {
        return subId(node(nodeName), "Route");
    }

    /** The node bridge's port bound to the host's midokube-mido interface (the original's "node port"). */
    public UUID nodeHostPort(String nodeName) {
        return subId(node(nodeName), "Node Port");
    }

    /** {@code KUBE-NODE-<node>}: the outbound filter of the node's host port. */
    public UUID nodeHostPortChain(String nodeName) {
        return subId(node(nodeName), "Node Port Chain");
    }

    /** The SNAT rule in {@code KUBE-NODE-<node>} that makes the host's traffic come from the gateway. */
    public UUID nodeHostPortSnat(String nodeName) {
        return subId(node(nodeName), "Node Port SNAT Rule");
    }

    /** {@code KUBE-HAIRPIN-<node>}: the chain of a node's pods' hairpin SNATs. */
    public UUID nodeHairpinChain(String nodeName) {
        return subId(node(nodeName), "Hairpin Chain");
    }

    /** The rule in KUBE-HAIRPIN that jumps to {@code KUBE-HAIRPIN-<node>} for traffic within the pod CIDR. */
    public UUID nodeHairpinJump(String nodeName, Cidr podCidr) {
        return subId(node(nodeName), "Jump To Hairpin/" + podCidr);
    }

    /** The cluster router's route to one InternalIP or ExternalIP of a node. */
    public UUID nodeAddressRoute(String addressKey) {
        return idForKey("Node Address", addressKey);
    }

    /** A Pod's port on its node's bridge. */
    public UUID podPort(String namespace, String name) {
        return idForKey("Pod", namespace + "/" + name);
    }

    /**
     * The hairpin SNAT of a Pod in {@code KUBE-HAIRPIN-<node>}; its address and its node's gateway are part of it,
     * so that a pod that comes back elsewhere gets a new rule.
     */
    public UUID podHairpinSnat(String namespace, String name, String podIp, String gatewayIp) {
        return subId(podPort(namespace, name), "Hairpin SNAT/" + podIp + "/" + gatewayIp);
    }

    /** {@code KUBE-SVC-<service>/<port>}: the chain of a Service port. */
    public UUID servicePortChain(String serviceKey, String portName) {
        return idForKey("ServicePort", serviceKey + "/" + portName);
    }

    /** The rule in KUBE-SERVICES that jumps to a Service port's chain. */
    public UUID servicePortJump(String servicePortKey) {
        return idForKey("ServicePortSub", servicePortKey);
    }

    /**
     * The DNAT rule in a Service port's chain. Its id names the ClusterIP, the port and every backend, in
     * order: a new set of backends is a new rule (MidoNet rules are immutable).
     */
    public UUID servicePortDnat(Backends backends) {
        StringBuilder name = new StringBuilder("DNAT/").append(backends.service().clusterIp())
                .append('/').append(backends.port().protocol().number())
                .append('/').append(backends.port().port());
        for (Backend backend : backends.backends()) {
            name.append('/').append(backend.ip()).append(':').append(backend.port());
        }
        return subId(servicePortChain(backends.service().key(), backends.port().name()), name.toString());
    }

    /**
     * {@code KUBE-SEP-<key>}: the chain of one endpoint of a Service port in the original's scheme, which had
     * one per endpoint (examples/rules/original-endpoints); the key is the original's.
     */
    public UUID endpointChain(String endpointKey) {
        return idForKey("Endpoint", endpointKey);
    }

    /** The original's jump from a Service port's chain to the chain of one of its endpoints. */
    public UUID endpointJump(String endpointKey) {
        return subId(endpointChain(endpointKey), "Jump to Endpoint");
    }

    /** The original's hairpin SNAT in the chain of one endpoint. */
    public UUID endpointSnat(String endpointKey) {
        return subId(endpointChain(endpointKey), "SNAT");
    }

    /** The original's DNAT in the chain of one endpoint. */
    public UUID endpointDnat(String endpointKey) {
        return subId(endpointChain(endpointKey), "DNAT");
    }

    /** RFC 4122 name-based UUID, version 5. */
    public static UUID uuid5(UUID namespace, String name) {
        MessageDigest sha1 = sha1();
        byte[] ns = new byte[16];
        long msb = namespace.getMostSignificantBits();
        long lsb = namespace.getLeastSignificantBits();
        for (int i = 0; i < 8; i++) {
            ns[i] = (byte) (msb >>> (56 - 8 * i));
            ns[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        sha1.update(ns);
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (hash[i] & 0xff);
            low = (low << 8) | (hash[8 + i] & 0xff);
        }
        return new UUID(high, low);
    }

    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> digest("SHA-1"));

    /** A per-thread SHA-1, reset: MessageDigest.getInstance looks the provider up at every call. */
    static MessageDigest sha1() {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        return sha1;
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by the Java platform", e);
        }
    }
}

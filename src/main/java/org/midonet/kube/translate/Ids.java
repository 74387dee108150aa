package org.midonet.kube.translate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic MidoNet object ids, compatible with the original midonet-kubernetes: name-based UUIDs
 * (version 5, SHA-1) in a per-tenant space, so that an existing deployment keeps its objects.
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

    public UUID idForKey(String kind, String key) {
        return uuid5(space, version + "/" + kind + "/" + key);
    }

    public static UUID subId(UUID id, String name) {
        return uuid5(id, name);
    }

    public UUID mainChain() {
        return mainChain;
    }

    public UUID servicesChain() {
        return subId(mainChain, "Services Chain");
    }

    public UUID preChain() {
        return subId(mainChain, "Pre Chain");
    }

    /** KUBE-HAIRPIN: not in the original, which had no working hairpin. */
    public UUID hairpinChain() {
        return subId(mainChain, "Hairpin Chain");
    }

    public UUID clusterRouter() {
        return subId(mainChain, "Cluster Router");
    }

    public UUID defaultTunnelZone() {
        return subId(mainChain, "Default Tunnel Zone");
    }

    public UUID mainChainRule(String name) {
        return subId(mainChain, name);
    }

    /** The base id of a Node: its bridge; its other objects are sub-ids of it. */
    public UUID node(String nodeName) {
        return idForKey("Node", nodeName);
    }

    public UUID nodeAddressRoute(String addressKey) {
        return idForKey("Node Address", addressKey);
    }

    public UUID podPort(String namespace, String name) {
        return idForKey("Pod", namespace + "/" + name);
    }

    public UUID servicePortChain(String serviceKey, String portName) {
        return idForKey("ServicePort", serviceKey + "/" + portName);
    }

    public UUID servicePortJump(String servicePortKey) {
        return idForKey("ServicePortSub", servicePortKey);
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

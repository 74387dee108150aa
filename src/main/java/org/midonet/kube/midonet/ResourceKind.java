package org.midonet.kube.midonet;

/**
 * The kinds of MidoNet objects a Translation holds, in the order that satisfies MidoNet's references when
 * objects are created (parents and referents first); deletion goes the other way.
 */
public enum ResourceKind {
    TUNNEL_ZONE("TunnelZone", "TunnelZone-v1", true),
    CHAIN("Chain", "Chain-v1", false),
    ROUTER("Router", "Router-v3", true),
    BRIDGE("Bridge", "Bridge-v4", true),
    PORT("Port", "Port-v3", true),
    PORT_LINK("PortLink", "PortLink-v1", false),
    ROUTE("Route", "Route-v1", false),
    RULE("Rule", "Rule-v2", false),
    TUNNEL_ZONE_HOST("TunnelZoneHost", "TunnelZoneHost-v1", false),
    HOST_INTERFACE_PORT("HostInterfacePort", "HostInterfacePort-v1", false),
    MAC_PORT("MACPort", "MacPort-v2", false),
    IPV4_MAC_PAIR("IPv4MACPair", "IP4Mac-v1", false);

    private static final String VENDOR_PREFIX = "application/vnd.org.midonet.";

    private final String translationName;
    private final String mediaTypeName;
    private final boolean updatable;

    ResourceKind(String translationName, String mediaTypeName, boolean updatable) {
        this.translationName = translationName;
        this.mediaTypeName = mediaTypeName;
        this.updatable = updatable;
    }

    /** The name a Translation uses for this kind, as the original did. */
    public String translationName() {
        return translationName;
    }

    public String mediaType() {
        return VENDOR_PREFIX + mediaTypeName + "+json";
    }

    public String collectionMediaType() {
        return VENDOR_PREFIX + "collection." + mediaTypeName + "+json";
    }

    public boolean updatable() {
        return updatable;
    }

    /** Kinds that only add entries to objects: a route to a router, a rule to a chain, MAC and ARP entries to a bridge. */
    private static final java.util.Set<ResourceKind> ENTRIES = java.util.EnumSet.of(ROUTE, RULE, MAC_PORT, IPV4_MAC_PAIR);

    /**
     * Where a Translation holding these kinds goes when Translations are pushed in turn, so that what they refer
     * to comes first: by the deepest kind it holds (a host's tunnel-zone membership before the bindings of its
     * ports), then by the shallowest (a Node's bridge before its Pods' ports on it); one that only adds entries
     * to objects other Translations hold (a Node address's route, a Node's MAC or ARP entry) after
     * every one that holds objects.
     */
    public static int pushRank(java.util.Collection<ResourceKind> kinds) {
        if (kinds.isEmpty()) {
            return 0;
        }
        int deepest = kinds.stream().mapToInt(Enum::ordinal).max().orElseThrow();
        int shallowest = kinds.stream().mapToInt(Enum::ordinal).min().orElseThrow();
        int n = values().length;
        return (ENTRIES.containsAll(kinds) ? n * n : 0) + deepest * n + shallowest;
    }

    public static ResourceKind fromTranslationName(String name) {
        for (ResourceKind kind : values()) {
            if (kind.translationName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown MidoNet resource kind '" + name + "'");
    }
}

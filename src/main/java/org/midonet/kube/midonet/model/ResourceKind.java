package org.midonet.kube.midonet.model;

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

    public static ResourceKind fromTranslationName(String name) {
        for (ResourceKind kind : values()) {
            if (kind.translationName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown MidoNet resource kind '" + name + "'");
    }
}

package org.midonet.kube.midonet.model;

import java.util.UUID;

/**
 * Names one MidoNet object without its content: its kind, its key and, for kinds whose item path goes through
 * their parent, the parent's id. Enough to find the object and to delete it. Written {@code Kind/key}, or
 * {@code Kind/parent/key} for those kinds, e.g. {@code Rule/5b0c...} or {@code MACPort/<bridge>/02-00-0a-00-00-05_<port>}.
 */
public record MidonetRef(ResourceKind kind, UUID parent, String key) {

    public MidonetRef {
        if (kind == null || key == null || key.isEmpty() || key.contains("/")) {
            throw new IllegalArgumentException("not a MidoNet object reference: " + kind + " " + key);
        }
        if (pathHasParent(kind) != (parent != null)) {
            throw new IllegalArgumentException(parentRule(kind));
        }
    }

    public static MidonetRef of(MidonetResource resource) {
        return new MidonetRef(resource.kind(), pathHasParent(resource.kind()) ? resource.parent() : null, resource.key());
    }

    /** The reference written by {@link #toString()}; IllegalArgumentException when the text is not one. */
    public static MidonetRef parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("not a MidoNet object reference (Kind/key or Kind/parent/key): " + text);
        }
        ResourceKind kind = ResourceKind.fromTranslationName(parts[0]);
        if ((parts.length == 3) != pathHasParent(kind)) {
            throw new IllegalArgumentException(text + ": " + parentRule(kind));
        }
        try {
            UUID parent = parts.length == 3 ? UUID.fromString(parts[1]) : null;
            return new MidonetRef(kind, parent, parts[parts.length - 1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a MidoNet object reference: " + text + ": " + e.getMessage(), e);
        }
    }

    /** The object's path relative to the API root, as its resource's {@link MidonetResource#itemPath()}. */
    public String itemPath() {
        return switch (kind) {
            case TUNNEL_ZONE -> "/tunnel_zones/" + key;
            case CHAIN -> "/chains/" + key;
            case ROUTER -> "/routers/" + key;
            case BRIDGE -> "/bridges/" + key;
            case PORT -> "/ports/" + key;
            case PORT_LINK -> "/ports/" + parent + "/link";
            case ROUTE -> "/routes/" + key;
            case RULE -> "/rules/" + key;
            case TUNNEL_ZONE_HOST -> "/tunnel_zones/" + parent + "/hosts/" + key;
            case HOST_INTERFACE_PORT -> "/hosts/" + parent + "/ports/" + key;
            case MAC_PORT -> "/bridges/" + parent + "/mac_table/" + key;
            case IPV4_MAC_PAIR -> "/bridges/" + parent + "/arp_table/" + key;
        };
    }

    @Override
    public String toString() {
        return kind.translationName() + "/" + (parent == null ? "" : parent + "/") + key;
    }

    private static String parentRule(ResourceKind kind) {
        return "a " + kind.translationName() + " reference " + (pathHasParent(kind) ? "needs" : "takes no") + " parent id";
    }

    private static boolean pathHasParent(ResourceKind kind) {
        return switch (kind) {
            case PORT_LINK, TUNNEL_ZONE_HOST, HOST_INTERFACE_PORT, MAC_PORT, IPV4_MAC_PAIR -> true;
            default -> false;
        };
    }
}

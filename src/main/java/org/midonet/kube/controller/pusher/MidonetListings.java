package org.midonet.kube.controller.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetException;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.ResourceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What MidoNet holds in collections (chains, bridges and routers; a chain's rules, a bridge's ports and MAC and
 * ARP tables, a router's ports and routes, a host's bindings), each read with one listing, by the key of each item:
 * many objects checked with one call. A listing that failed in passing is tried again ({@link ResyncReads}); one that
 * still fails leaves its collection unknown for this resync: its objects can be found neither missing nor stray.
 */
final class MidonetListings {
    private static final Logger LOG = LoggerFactory.getLogger(MidonetListings.class);
    private static final Set<ResourceKind> LISTED = EnumSet.of(ResourceKind.CHAIN, ResourceKind.BRIDGE, ResourceKind.ROUTER,
            ResourceKind.RULE, ResourceKind.PORT, ResourceKind.ROUTE, ResourceKind.MAC_PORT, ResourceKind.IPV4_MAC_PAIR,
            ResourceKind.HOST_INTERFACE_PORT);

    private final Map<String, Map<String, JsonNode>> byPath;

    private MidonetListings(Map<String, Map<String, JsonNode>> byPath) {
        this.byPath = byPath;
    }

    /** Whether a resource is checked from its collection's listing rather than read on its own. */
    static boolean listed(MidonetResource resource) {
        return LISTED.contains(resource.kind());
    }

    /** Lists the collections (path and the kind of their items) on the readers, all at once; returns when all have answered. */
    static MidonetListings read(MidonetClient midonet, Map<String, ResourceKind> collections, ExecutorService readers,
            ResyncReads reads) {
        Map<String, Future<Map<String, JsonNode>>> listings = new LinkedHashMap<>();
        collections.forEach((path, kind) -> listings.put(path,
                readers.submit(() -> reads.read(path, () -> list(midonet, path, kind)))));
        Map<String, Map<String, JsonNode>> byPath = new HashMap<>();
        for (var listing : listings.entrySet()) {
            try {
                byPath.put(listing.getKey(), listing.getValue().get());
            } catch (ExecutionException e) {
                LOG.warn("cannot list {}: {}; its objects are checked at the next resync", listing.getKey(),
                        e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during the resync", e);
            }
        }
        return new MidonetListings(byPath);
    }

    /** Listings already made: the items of each listed collection by their key (in lower case). */
    static MidonetListings of(Map<String, Map<String, JsonNode>> byPath) {
        return new MidonetListings(Map.copyOf(byPath));
    }

    /** Whether the resource's collection was listed. */
    boolean knows(MidonetResource resource) {
        return byPath.containsKey(resource.createPath());
    }

    /** What MidoNet holds at the resource's place, from its collection's listing ({@link #knows} it). */
    Optional<JsonNode> find(MidonetResource resource) {
        return Optional.ofNullable(byPath.get(resource.createPath()).get(normalized(resource.key())));
    }

    /** The keys of the items of a collection, or null when it is not known. */
    Set<String> keys(String path) {
        Map<String, JsonNode> items = byPath.get(path);
        return items == null ? null : items.keySet();
    }

    /** The items of a collection by their key, or null when it is not known. */
    Map<String, JsonNode> items(String path) {
        return byPath.get(path);
    }

    private static Map<String, JsonNode> list(MidonetClient midonet, String path, ResourceKind kind) {
        Map<String, JsonNode> byKey = new HashMap<>();
        try {
            for (JsonNode item : midonet.list(path, kind.collectionMediaType())) {
                byKey.put(keyOf(kind, item), item);
            }
        } catch (MidonetException e) {
            if (e.status() != 404) {
                throw e;
            }
            // the parent is gone: none of its items is there, and the parent's own check finds it missing
        }
        return byKey;
    }

    /** An item's key as {@link MidonetResource#key()} makes it, in lower case. */
    static String keyOf(ResourceKind kind, JsonNode item) {
        String key = switch (kind) {
            case MAC_PORT -> item.path("macAddr").asText().replace(':', '-') + "_" + item.path("portId").asText();
            case IPV4_MAC_PAIR -> item.path("ip").asText() + "_" + item.path("mac").asText().replace(':', '-');
            case HOST_INTERFACE_PORT -> item.path("portId").asText();
            default -> item.path("id").asText();
        };
        return normalized(key);
    }

    private static String normalized(String key) {
        return key.toLowerCase(Locale.ROOT);
    }
}

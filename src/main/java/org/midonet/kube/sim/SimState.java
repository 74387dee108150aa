package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.midonet.kube.midonet.model.ResourceKind;

/**
 * Everything the emulator stores, with MidoNet's referential behaviour (reference §6): the cascades and clears
 * of deletes live here, the checks of creates and updates in the resource handlers.
 *
 * <p>Thread-safety: one lock, this object's monitor. The server holds it for the whole handling of a request;
 * the public read methods take it too, so tests can read a consistent state while clients are writing.
 */
public final class SimState {
    /** The fields that hold a chain id on routers, bridges and ports; deleting the chain clears them. */
    static final List<String> ROUTER_CHAIN_FIELDS =
            List.of("inboundFilterId", "outboundFilterId", "localRedirectChainId", "forwardChainId");
    static final List<String> FILTER_FIELDS = List.of("inboundFilterId", "outboundFilterId");

    final Map<UUID, SimHost> hosts = new LinkedHashMap<>();
    final Map<UUID, SimTunnelZone> tunnelZones = new LinkedHashMap<>();
    final Map<UUID, SimRouter> routers = new LinkedHashMap<>();
    final Map<UUID, SimBridge> bridges = new LinkedHashMap<>();
    final Map<UUID, SimPort> ports = new LinkedHashMap<>();
    final Map<UUID, SimRoute> routes = new LinkedHashMap<>();
    final Map<UUID, SimChain> chains = new LinkedHashMap<>();
    final Map<UUID, SimRule> rules = new LinkedHashMap<>();
    /** The port bound to each "host id/interface name", kept by {@link #bind} and {@link #unbind}. */
    private final Map<String, UUID> boundInterfaces = new HashMap<>();
    final Random random;
    private long nextTunnelKey = 1;
    private long version;
    private volatile String baseUri = "http://localhost/midonet-api";

    SimState(Random random) {
        this.random = random;
    }

    void baseUri(String baseUri) {
        this.baseUri = baseUri;
    }

    /** Records that the state changed; the server compares versions to count writes. */
    void touch() {
        version++;
    }

    /** How many changes the state has seen; it grows by one or more with every write that changed something. */
    public synchronized long version() {
        return version;
    }

    UUID newId() {
        return new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L);
    }

    long allocateTunnelKey() {
        return nextTunnelKey++;
    }

    // ---- cascades and clears (reference §6) ----

    void deleteRouter(UUID id) {
        for (SimPort port : List.copyOf(ports.values())) {
            if (port.deviceId.equals(id)) {
                deletePort(port.id);
            }
        }
        routes.values().removeIf(route -> id.equals(route.routerId));
        routers.remove(id);
        touch();
    }

    void deleteBridge(UUID id) {
        for (SimPort port : List.copyOf(ports.values())) {
            if (port.deviceId.equals(id)) {
                deletePort(port.id);
            }
        }
        bridges.remove(id);
        touch();
    }

    /** Binds a port to an interface of a host. */
    void bind(SimPort port, UUID hostId, String interfaceName) {
        unbind(port);
        port.hostId = hostId;
        port.interfaceName = interfaceName;
        if (hostId != null && interfaceName != null) {
            boundInterfaces.put(hostId + "/" + interfaceName, port.id);
        }
    }

    /** Unbinds a port from its host interface, if it is bound. */
    void unbind(SimPort port) {
        if (port.hostId != null && port.interfaceName != null) {
            boundInterfaces.remove(port.hostId + "/" + port.interfaceName, port.id);
        }
        port.hostId = null;
        port.interfaceName = null;
    }

    /** Whether a port is bound to this interface of this host. */
    boolean interfaceBound(UUID hostId, String interfaceName) {
        return interfaceName != null && boundInterfaces.containsKey(hostId + "/" + interfaceName);
    }

    /** Deletes a port, the routes through it, its link (the peer is unlinked) and its host binding. */
    void deletePort(UUID id) {
        SimPort port = ports.remove(id);
        if (port == null) {
            return;
        }
        unbind(port);
        routes.values().removeIf(route -> id.equals(route.nextHopPort));
        if (port.peerId != null) {
            SimPort peer = ports.get(port.peerId);
            if (peer != null) {
                peer.peerId = null;
            }
        }
        touch();
    }

    /** Deletes a chain, its rules and the jump rules elsewhere that target it, and clears filters naming it. */
    void deleteChain(UUID id) {
        SimChain chain = chains.remove(id);
        if (chain == null) {
            return;
        }
        chain.ruleIds.forEach(rules::remove);
        for (SimRule rule : List.copyOf(rules.values())) {
            if (id.equals(rule.jumpChainId())) {
                deleteRule(rule.id);
            }
        }
        routers.values().forEach(r -> clearChain(r.spec, ROUTER_CHAIN_FIELDS, id));
        bridges.values().forEach(b -> clearChain(b.spec, FILTER_FIELDS, id));
        ports.values().forEach(p -> clearChain(p.spec, FILTER_FIELDS, id));
        touch();
    }

    private static void clearChain(ObjectNode spec, List<String> fields, UUID chainId) {
        for (String field : fields) {
            if (chainId.toString().equals(spec.path(field).asText(null))) {
                spec.putNull(field);
            }
        }
    }

    void deleteRule(UUID id) {
        SimRule rule = rules.remove(id);
        if (rule != null) {
            SimChain chain = chains.get(rule.chainId);
            if (chain != null) {
                chain.ruleIds.remove(id);
            }
            touch();
        }
    }

    void deleteTunnelZone(UUID id) {
        if (tunnelZones.remove(id) != null) {
            touch();
        }
    }

    /** Clears everything but the hosts. */
    synchronized void reset() {
        tunnelZones.clear();
        routers.clear();
        bridges.clear();
        ports.clear();
        boundInterfaces.clear();
        routes.clear();
        chains.clear();
        rules.clear();
        nextTunnelKey = 1;
        touch();
    }

    synchronized void putHost(SimHost host) {
        hosts.put(host.id(), host);
        touch();
    }

    /** Removes a host, its tunnel zone memberships and the bindings of ports to it. */
    synchronized void removeHost(UUID id) {
        if (hosts.remove(id) != null) {
            tunnelZones.values().forEach(zone -> zone.members.remove(id));
            ports.values().stream().filter(p -> id.equals(p.hostId)).forEach(this::unbind);
            touch();
        }
    }

    /** The hosts, in the order they were added. */
    public synchronized List<SimHost> hosts() {
        return List.copyOf(hosts.values());
    }

    // ---- queries used by handlers and the read API ----

    /** The router a route belongs to: its own, or its next-hop port's device. */
    UUID routerOf(SimRoute route) {
        if (route.routerId != null) {
            return route.routerId;
        }
        SimPort port = ports.get(route.nextHopPort);
        return port == null ? null : port.deviceId;
    }

    List<SimRoute> routesOfRouter(UUID routerId) {
        return select(routes.values(), route -> routerId.equals(routerOf(route)));
    }

    List<SimPort> portsOf(UUID deviceId) {
        return select(ports.values(), port -> port.deviceId.equals(deviceId));
    }

    boolean inAnyTunnelZone(UUID hostId) {
        return tunnelZones.values().stream().anyMatch(zone -> zone.members.containsKey(hostId));
    }

    static <T> List<T> select(Iterable<T> items, Predicate<T> test) {
        List<T> selected = new ArrayList<>();
        for (T item : items) {
            if (test.test(item)) {
                selected.add(item);
            }
        }
        return selected;
    }

    Renderer renderer(String base) {
        return new Renderer(this, base);
    }

    // ---- public read API for tests and tools ----

    /**
     * How many objects of a kind there are. ROUTE counts every route, including the Local routes made for
     * router port addresses; PORT_LINK counts linked pairs; TUNNEL_ZONE_HOST memberships; HOST_INTERFACE_PORT
     * bound ports; MAC_PORT and IPV4_MAC_PAIR entries over all bridges.
     */
    public synchronized int count(ResourceKind kind) {
        switch (kind) {
            case TUNNEL_ZONE: return tunnelZones.size();
            case CHAIN: return chains.size();
            case ROUTER: return routers.size();
            case BRIDGE: return bridges.size();
            case PORT: return ports.size();
            case PORT_LINK: return (int) ports.values().stream().filter(p -> p.peerId != null).count() / 2;
            case ROUTE: return routes.size();
            case RULE: return rules.size();
            case TUNNEL_ZONE_HOST: return tunnelZones.values().stream().mapToInt(z -> z.members.size()).sum();
            case HOST_INTERFACE_PORT: return (int) ports.values().stream().filter(p -> p.hostId != null).count();
            case MAC_PORT: return bridges.values().stream().mapToInt(b -> b.macTable.size()).sum();
            case IPV4_MAC_PAIR: return bridges.values().stream().mapToInt(b -> b.arpTable.size()).sum();
            default: throw new IllegalArgumentException("no count for " + kind);
        }
    }

    /** The count of every kind, keyed by the kind's Translation name (e.g. "Router", "MACPort"), plus "Host". */
    public synchronized Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("Host", hosts.size());
        for (ResourceKind kind : ResourceKind.values()) {
            counts.put(kind.translationName(), count(kind));
        }
        return counts;
    }

    public synchronized int hostCount() {
        return hosts.size();
    }

    /**
     * An object as GET on its item path shows it, for the kinds with an id: TUNNEL_ZONE, CHAIN, ROUTER, BRIDGE,
     * PORT, ROUTE and RULE.
     */
    public synchronized Optional<JsonNode> get(ResourceKind kind, UUID id) {
        Renderer render = renderer(baseUri);
        switch (kind) {
            case TUNNEL_ZONE: return Optional.ofNullable(tunnelZones.get(id)).map(render::tunnelZone);
            case CHAIN: return Optional.ofNullable(chains.get(id)).map(render::chain);
            case ROUTER: return Optional.ofNullable(routers.get(id)).map(render::router);
            case BRIDGE: return Optional.ofNullable(bridges.get(id)).map(render::bridge);
            case PORT: return Optional.ofNullable(ports.get(id)).map(render::port);
            case ROUTE: return Optional.ofNullable(routes.get(id)).map(render::route);
            case RULE: return Optional.ofNullable(rules.get(id)).map(render::rule);
            default: throw new IllegalArgumentException(kind + " objects have no id; use the kind's own method");
        }
    }

    /** Whether an object with an id (TUNNEL_ZONE, CHAIN, ROUTER, BRIDGE, PORT, ROUTE, RULE) exists; cheaper than get. */
    public synchronized boolean has(ResourceKind kind, UUID id) {
        switch (kind) {
            case TUNNEL_ZONE: return tunnelZones.containsKey(id);
            case CHAIN: return chains.containsKey(id);
            case ROUTER: return routers.containsKey(id);
            case BRIDGE: return bridges.containsKey(id);
            case PORT: return ports.containsKey(id);
            case ROUTE: return routes.containsKey(id);
            case RULE: return rules.containsKey(id);
            default: throw new IllegalArgumentException(kind + " objects have no id; use the kind's own method");
        }
    }

    public synchronized Optional<JsonNode> host(UUID id) {
        return Optional.ofNullable(hosts.get(id)).map(renderer(baseUri)::host);
    }

    /** The ids of a chain's rules in chain order (empty if there is no such chain). */
    public synchronized List<UUID> ruleIds(UUID chainId) {
        SimChain chain = chains.get(chainId);
        return chain == null ? List.of() : List.copyOf(chain.ruleIds);
    }

    /** A chain's rules in chain order, as GET /chains/{id}/rules shows them. */
    public synchronized List<JsonNode> rules(UUID chainId) {
        Renderer render = renderer(baseUri);
        return ruleIds(chainId).stream().<JsonNode>map(id -> render.rule(rules.get(id))).toList();
    }

    /** A router's routes as GET /routers/{id}/routes shows them, Local port routes included. */
    public synchronized List<JsonNode> routes(UUID routerId) {
        Renderer render = renderer(baseUri);
        return routesOfRouter(routerId).stream().<JsonNode>map(render::route).toList();
    }

    /** The members of a tunnel zone: host id to tunnel endpoint address. */
    public synchronized Map<UUID, String> tunnelZoneMembers(UUID zoneId) {
        SimTunnelZone zone = tunnelZones.get(zoneId);
        return zone == null ? Map.of() : Map.copyOf(zone.members);
    }

    public synchronized List<JsonNode> macTable(UUID bridgeId) {
        SimBridge bridge = bridges.get(bridgeId);
        Renderer render = renderer(baseUri);
        return bridge == null ? List.of() : bridge.macTable.stream().<JsonNode>map(e -> render.mac(bridge.id, e)).toList();
    }

    public synchronized List<JsonNode> arpTable(UUID bridgeId) {
        SimBridge bridge = bridges.get(bridgeId);
        Renderer render = renderer(baseUri);
        return bridge == null ? List.of() : bridge.arpTable.stream().<JsonNode>map(e -> render.arp(bridge.id, e)).toList();
    }

    /** The whole state as JSON, as GET /_admin/state shows it. */
    public synchronized JsonNode dump() {
        return dump(baseUri);
    }

    synchronized ObjectNode dump(String base) {
        Renderer render = renderer(base);
        ObjectNode dump = Json.object();
        dump.put("version", version);
        ObjectNode counts = dump.putObject("counts");
        counts().forEach(counts::put);
        dump.set("hosts", Json.array(hosts.values().stream().map(render::host).toList()));
        ObjectNode zones = dump.putObject("tunnelZones");
        tunnelZones.values().forEach(zone -> {
            ObjectNode z = render.tunnelZone(zone);
            z.set("members", Json.array(zone.members.entrySet().stream()
                    .map(m -> (JsonNode) render.tunnelZoneHost(zone.id, m.getKey(), m.getValue()))
                    .toList()));
            zones.set(zone.id.toString(), z);
        });
        putAll(dump.putObject("routers"), routers.keySet(), id -> render.router(routers.get(id)));
        ObjectNode bridgeDump = dump.putObject("bridges");
        bridges.values().forEach(bridge -> {
            ObjectNode b = render.bridge(bridge);
            b.set("macTable", Json.array(bridge.macTable.stream().map(e -> (JsonNode) render.mac(bridge.id, e)).toList()));
            b.set("arpTable", Json.array(bridge.arpTable.stream().map(e -> (JsonNode) render.arp(bridge.id, e)).toList()));
            bridgeDump.set(bridge.id.toString(), b);
        });
        putAll(dump.putObject("ports"), ports.keySet(), id -> render.port(ports.get(id)));
        putAll(dump.putObject("routes"), routes.keySet(), id -> render.route(routes.get(id)));
        ObjectNode chainDump = dump.putObject("chains");
        chains.values().forEach(chain -> {
            ObjectNode c = render.chain(chain);
            c.set("ruleIds", Json.uuids(chain.ruleIds));
            chainDump.set(chain.id.toString(), c);
        });
        putAll(dump.putObject("rules"), rules.keySet(), id -> render.rule(rules.get(id)));
        return dump;
    }

    private static void putAll(ObjectNode target, Iterable<UUID> ids, Function<UUID, JsonNode> render) {
        for (UUID id : ids) {
            target.set(id.toString(), render.apply(id));
        }
    }
}

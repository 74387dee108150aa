package org.midonet.kube.trace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A snapshot of the virtual network as MidoNet's API holds it: devices, ports, chains with their rules in
 * order, routes, and the bridges' MAC and ARP tables. Immutable; read by {@link TopologyReader}.
 */
public final class Topology {

    public enum DeviceType { BRIDGE, ROUTER }

    public record Device(UUID id, DeviceType type, String name, boolean adminUp, UUID inboundFilter,
            UUID outboundFilter) {
    }

    /** A port; exterior when bound to a host interface, interior when linked to a peer. */
    public record Port(UUID id, UUID deviceId, DeviceType type, boolean adminUp, UUID peerId, UUID hostId,
            String interfaceName, UUID inboundFilter, UUID outboundFilter, Prefix subnet, String address, String mac) {

        boolean exterior() {
            return hostId != null && interfaceName != null;
        }

        boolean interior() {
            return peerId != null;
        }
    }

    public record Chain(UUID id, String name, List<Rule> rules) {
    }

    public record NatTarget(String addressFrom, String addressTo, int portFrom, int portTo) {
    }

    /** A rule of a chain: its type as the API names it ("jump", "dnat", ...), its condition and action. */
    public record Rule(UUID id, UUID chainId, int position, String type, Condition condition, UUID jumpChainId,
            String flowAction, List<NatTarget> natTargets) {
    }

    public record Route(UUID id, UUID routerId, Prefix source, Prefix destination, UUID nextHopPort,
            String nextHopGateway, String type, int weight) {
    }

    private final Map<UUID, Device> devices;
    private final Map<UUID, Port> ports;
    private final Map<UUID, Chain> chains;
    private final Map<UUID, List<Route>> routesByRouter;
    private final Map<UUID, Map<String, UUID>> macTables;
    private final Map<UUID, Map<String, String>> arpTables;

    public Topology(Collection<Device> devices, Collection<Port> ports, Collection<Chain> chains,
            Collection<Route> routes, Map<UUID, Map<String, UUID>> macTables, Map<UUID, Map<String, String>> arpTables) {
        this.devices = index(devices, Device::id);
        this.ports = index(ports, Port::id);
        this.chains = index(chains.stream().map(Topology::sorted).toList(), Chain::id);
        this.routesByRouter = routes.stream().collect(Collectors.groupingBy(Route::routerId, Collectors.toUnmodifiableList()));
        this.macTables = Map.copyOf(macTables);
        this.arpTables = Map.copyOf(arpTables);
    }

    private static Chain sorted(Chain chain) {
        List<Rule> rules = new ArrayList<>(chain.rules());
        rules.sort(Comparator.comparingInt(Rule::position));
        return new Chain(chain.id(), chain.name(), List.copyOf(rules));
    }

    private static <T> Map<UUID, T> index(Collection<T> items, Function<T, UUID> id) {
        return items.stream().collect(Collectors.toUnmodifiableMap(id, Function.identity(), (a, b) -> a));
    }

    public Optional<Device> device(UUID id) {
        return Optional.ofNullable(id == null ? null : devices.get(id));
    }

    public Optional<Port> port(UUID id) {
        return Optional.ofNullable(id == null ? null : ports.get(id));
    }

    public Optional<Chain> chain(UUID id) {
        return Optional.ofNullable(id == null ? null : chains.get(id));
    }

    public Collection<Device> devices() {
        return devices.values();
    }

    public Collection<Chain> chains() {
        return chains.values();
    }

    public Collection<Port> ports() {
        return ports.values();
    }

    public List<Port> portsOf(UUID deviceId) {
        return ports.values().stream().filter(p -> p.deviceId().equals(deviceId))
                .sorted(Comparator.comparing(Port::id)).toList();
    }

    public List<Route> routesOf(UUID routerId) {
        return routesByRouter.getOrDefault(routerId, List.of());
    }

    public Map<String, UUID> macTable(UUID bridgeId) {
        return macTables.getOrDefault(bridgeId, Map.of());
    }

    public Map<String, String> arpTable(UUID bridgeId) {
        return arpTables.getOrDefault(bridgeId, Map.of());
    }

    /** The router port linked to one of the bridge's ports: the gateway of the bridge's hosts. */
    public Optional<Port> gatewayOf(UUID bridgeId) {
        return portsOf(bridgeId).stream().filter(Port::interior).map(p -> ports.get(p.peerId()))
                .filter(peer -> peer != null && peer.type() == DeviceType.ROUTER).findFirst();
    }

    /** The exterior port bound to this host interface name, if any. */
    public Optional<Port> portBoundTo(String interfaceName) {
        return ports.values().stream().filter(p -> interfaceName.equals(p.interfaceName())).findFirst();
    }

    /** A readable name: the device's name, else its id. */
    public String nameOf(UUID deviceId) {
        Device device = devices.get(deviceId);
        return device == null || device.name() == null || device.name().isEmpty() ? String.valueOf(deviceId) : device.name();
    }

    public String chainName(UUID chainId) {
        Chain chain = chains.get(chainId);
        return chain == null || chain.name() == null ? String.valueOf(chainId) : chain.name();
    }
}

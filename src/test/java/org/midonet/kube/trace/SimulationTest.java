package org.midonet.kube.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.trace.Topology.Chain;
import org.midonet.kube.trace.Topology.Device;
import org.midonet.kube.trace.Topology.DeviceType;
import org.midonet.kube.trace.Topology.NatTarget;
import org.midonet.kube.trace.Topology.Port;
import org.midonet.kube.trace.Topology.Route;
import org.midonet.kube.trace.Topology.Rule;

/**
 * MidoNet's semantics on small hand-made topologies: two bridges (A: 10.0.1.0/24, B: 10.0.2.0/24) with one
 * host each, linked to one router.
 */
class SimulationTest {
    private static final String HOST_A_MAC = "02:00:00:00:01:0a";
    private static final String HOST_B_MAC = "02:00:00:00:02:0b";

    private final UUID bridgeA = id("bridge A");
    private final UUID bridgeB = id("bridge B");
    private final UUID router = id("router");
    private final UUID hostA = id("host A");
    private final UUID hostB = id("host B");
    private final UUID routerPortA = id("router port A");
    private final UUID routerPortB = id("router port B");
    private final UUID chainId = id("chain");
    private final List<Rule> rules = new ArrayList<>();
    private final List<Chain> chains = new ArrayList<>();
    private final List<Route> routes = new ArrayList<>();
    private boolean bridgeADown;

    private static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes());
    }

    private Topology topology() {
        List<Device> devices = List.of(
                new Device(bridgeA, DeviceType.BRIDGE, "A", !bridgeADown, chainId, null),
                new Device(bridgeB, DeviceType.BRIDGE, "B", true, null, null),
                new Device(router, DeviceType.ROUTER, "R", true, null, null));
        UUID linkA = id("link A");
        UUID linkB = id("link B");
        List<Port> ports = List.of(
                exterior(hostA, bridgeA, "hostA"), exterior(hostB, bridgeB, "hostB"),
                new Port(linkA, bridgeA, DeviceType.BRIDGE, true, routerPortA, null, null, null, null, null, null, null),
                new Port(linkB, bridgeB, DeviceType.BRIDGE, true, routerPortB, null, null, null, null, null, null, null),
                new Port(routerPortA, router, DeviceType.ROUTER, true, linkA, null, null, null, null, Prefix.parse("10.0.1.1/24"),
                        "10.0.1.1", "ac:ca:ba:00:00:01"),
                new Port(routerPortB, router, DeviceType.ROUTER, true, linkB, null, null, null, null, Prefix.parse("10.0.2.1/24"),
                        "10.0.2.1", "ac:ca:ba:00:00:02"));
        List<Chain> all = new ArrayList<>(chains);
        all.add(new Chain(chainId, "MAIN", rules));
        List<Route> allRoutes = new ArrayList<>(routes);
        allRoutes.add(route("10.0.1.0", 24, routerPortA, 0));
        allRoutes.add(route("10.0.2.0", 24, routerPortB, 0));
        return new Topology(devices, ports, all, allRoutes,
                Map.of(bridgeA, Map.of(HOST_A_MAC, hostA), bridgeB, Map.of(HOST_B_MAC, hostB)),
                Map.of(bridgeA, Map.of("10.0.1.10", HOST_A_MAC), bridgeB, Map.of("10.0.2.10", HOST_B_MAC)));
    }

    private static Port exterior(UUID id, UUID bridge, String iface) {
        return new Port(id, bridge, DeviceType.BRIDGE, true, null, UUID.randomUUID(), iface, null, null, null, null, null);
    }

    private Route route(String dst, int length, UUID port, int weight) {
        return new Route(UUID.randomUUID(), router, Prefix.of("0.0.0.0", 0), Prefix.of(dst, length), port, null,
                "Normal", weight);
    }

    private Rule rule(String type, Condition condition, UUID jump, String flowAction, NatTarget... targets) {
        return new Rule(UUID.randomUUID(), chainId, rules.size() + 1, type, condition, jump, flowAction, List.of(targets));
    }

    private static Condition dstIs(String ip) {
        return new Condition(false, false, false, Set.of(), false, Set.of(), false, 0x800, false, null, false, null, false,
                null, false, null, false, Prefix.host(ip), false, null, false, null, false, null, false, false, null, List.of());
    }

    private List<Tracer.Outcome> send(String dst, int port) {
        Tracer tracer = new Tracer(topology(), Map.of("hostA", "A's host", "hostB", "B's host"));
        return tracer.outcomes(new Tracer.Sender(hostA, "10.0.1.10", HOST_A_MAC), dst, Packet.TCP, 1234, port, true,
                new NatState());
    }

    @Test
    void crossesTheRouterAndComesBack() {
        Tracer.Outcome o = send("10.0.2.10", 80).get(0);

        assertThat(o.forward().deliveries()).singleElement().satisfies(d -> {
            assertThat(d.label()).isEqualTo("B's host");
            assertThat(d.packet().ttl()).isEqualTo(63);
            assertThat(d.packet().srcMac()).isEqualTo("ac:ca:ba:00:00:02");
            assertThat(d.packet().dstMac()).isEqualTo(HOST_B_MAC);
        });
        assertThat(o.reply().deliveries()).singleElement().satisfies(d -> assertThat(d.label()).isEqualTo("A's host"));
    }

    @Test
    void aDnatWithSeveralTargetsIsAChoiceWithEveryOutcome() {
        rules.add(rule("dnat", dstIs("10.9.9.9"), null, "accept", new NatTarget("10.0.2.10", "10.0.2.10", 8080, 8080),
                new NatTarget("10.0.1.10", "10.0.1.10", 8080, 8080), new NatTarget("10.0.2.10", "10.0.2.10", 8080, 8080)));

        List<Tracer.Outcome> outcomes = send("10.9.9.9", 80);

        assertThat(outcomes).as("duplicate targets collapse").hasSize(2);
        assertThat(outcomes.get(0).choices()).singleElement()
                .satisfies(c -> assertThat(c.options()).containsExactly("10.0.2.10:8080", "10.0.1.10:8080"));
        assertThat(outcomes.get(0).forward().deliveries().get(0).label()).isEqualTo("B's host");
        // back to its own host: the reply stays on bridge A, where no rev_dnat runs, so the sender sees the endpoint's address
        assertThat(outcomes.get(1).forward().drop()).isNull();
    }

    @Test
    void aJumpToAChainAlreadyEvaluatedIsSkippedAndReturnGoesOn() {
        UUID other = id("other");
        Rule returns = new Rule(UUID.randomUUID(), other, 1, "return", Condition.ANY, null, null, List.of());
        chains.add(new Chain(other, "OTHER", List.of(returns)));
        rules.add(rule("jump", Condition.ANY, other, null));
        rules.add(rule("jump", Condition.ANY, other, null));
        rules.add(rule("drop", dstIs("10.0.2.10"), null, null));

        Trace trace = send("10.0.2.10", 80).get(0).forward();

        assertThat(trace.steps()).anyMatch(s -> s.text().contains("already visited"));
        assertThat(trace.drop().reason()).startsWith("dropped by rule #3 drop");
    }

    @Test
    void anInvertedConditionMatchesTheRest() {
        Condition notB = new Condition(true, false, false, Set.of(), false, Set.of(), false, null, false, null, false, null,
                false, null, false, null, false, Prefix.of("10.0.2.0", 24), false, null, false, null, false, null, false, false,
                null, List.of());
        rules.add(rule("drop", notB, null, null));

        assertThat(send("10.0.2.10", 80).get(0).forward().delivered()).isTrue();
        assertThat(send("10.0.3.10", 80).get(0).forward().drop().reason())
                .contains("dropped by rule #1 drop [not(dst 10.0.2.0/24)]");
    }

    @Test
    void theLowestWeightWinsAndEqualRoutesAreAChoice() {
        routes.add(route("10.0.3.0", 24, routerPortB, 10));
        routes.add(route("10.0.3.0", 24, routerPortA, 5));
        routes.add(route("10.0.4.0", 24, routerPortA, 0));
        routes.add(route("10.0.4.0", 24, routerPortB, 0));

        Trace weighted = send("10.0.3.10", 80).get(0).forward();
        List<Tracer.Outcome> equal = send("10.0.4.10", 80);

        assertThat(weighted.steps()).anyMatch(s -> s.kind().equals("route") && s.text().contains("10.0.1.1"));
        assertThat(equal).hasSize(2);
        assertThat(equal.get(0).choices().get(0).where()).contains("equal-cost routes");
    }

    @Test
    void aDownBridgeIsADropWithItsReason() {
        bridgeADown = true;

        Trace trace = send("10.0.2.10", 80).get(0).forward();

        assertThat(trace.drop().where()).isEqualTo("bridge A");
        assertThat(trace.drop().reason()).contains("administratively down");
    }

    @Test
    void aRoutingLoopBetweenTwoRoutersIsCaughtAtTheTwelfthPortIngress() {
        UUID other = id("router 2");
        UUID toOther = id("R to R2");
        UUID back = id("R2 to R");
        routes.add(route("10.0.5.0", 24, toOther, 0));
        Topology base = topology();
        List<Device> devices = new ArrayList<>(base.devices());
        devices.add(new Device(other, DeviceType.ROUTER, "R2", true, null, null));
        List<Port> ports = new ArrayList<>(base.ports());
        ports.add(new Port(toOther, router, DeviceType.ROUTER, true, back, null, null, null, null, Prefix.parse("192.0.2.1/30"),
                "192.0.2.1", "ac:ca:ba:00:00:05"));
        ports.add(new Port(back, other, DeviceType.ROUTER, true, toOther, null, null, null, null, Prefix.parse("192.0.2.2/30"),
                "192.0.2.2", "ac:ca:ba:00:00:06"));
        List<Route> allRoutes = new ArrayList<>(base.routesOf(router));
        allRoutes.add(new Route(UUID.randomUUID(), other, Prefix.of("0.0.0.0", 0), Prefix.of("10.0.5.0", 24), back, null,
                "Normal", 0));
        Topology looping = new Topology(devices, ports, base.chains(), allRoutes,
                Map.of(bridgeA, Map.of(HOST_A_MAC, hostA)), Map.of());

        Trace trace = new Tracer(looping, Map.of()).outcomes(new Tracer.Sender(hostA, "10.0.1.10", HOST_A_MAC), "10.0.5.5",
                Packet.TCP, 1, 2, false, new NatState()).get(0).forward();

        assertThat(trace.drop().reason()).contains("topology loop");
        assertThat(trace.drop().error()).isTrue();
        assertThat(trace.steps().stream().filter(st -> st.kind().equals("ingress"))).hasSize(12);
    }

    @Test
    void conntrackLetsRepliesThroughWhereNewConnectionsAreDropped() {
        Condition newToA = new Condition(false, true, false, Set.of(), false, Set.of(), false, 0x800, false, null, false,
                null, false, null, false, null, false, Prefix.host("10.0.1.10"), false, null, false, null, false, null, false,
                false, null, List.of());
        rules.add(rule("drop", newToA, null, null));
        Tracer tracer = new Tracer(topology(), Map.of());

        Tracer.Outcome fromA = tracer.outcomes(new Tracer.Sender(hostA, "10.0.1.10", HOST_A_MAC), "10.0.2.10", Packet.TCP,
                1234, 80, true, new NatState()).get(0);
        Trace fromB = tracer.outcomes(new Tracer.Sender(hostB, "10.0.2.10", HOST_B_MAC), "10.0.1.10", Packet.TCP, 80, 1234,
                false, new NatState()).get(0).forward();

        assertThat(fromA.delivered()).as("a reply is a return flow").isTrue();
        assertThat(fromB.drop().reason()).as("the same packet without the connection is new")
                .contains("dropped by rule #1 drop [forward-flow");
    }

    @Test
    void reverseNatWithoutStateDoesNothingAndSnatKeepsState() {
        rules.add(rule("rev_dnat", Condition.ANY, null, "accept"));
        rules.add(rule("snat", dstIs("10.0.2.10"), null, "continue", new NatTarget("10.0.1.1", "10.0.1.1", 30000, 30010)));

        Tracer.Outcome o = send("10.0.2.10", 80).get(0);

        assertThat(o.forward().steps()).anyMatch(s -> s.text().contains("no DNAT state"));
        assertThat(o.forward().deliveries().get(0).packet().srcIp()).isEqualTo("10.0.1.1");
        assertThat(o.forward().deliveries().get(0).packet().srcPort()).isEqualTo(30000);
    }
}

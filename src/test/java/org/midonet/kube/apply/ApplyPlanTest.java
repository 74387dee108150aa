package org.midonet.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.model.Bridge;
import org.midonet.kube.midonet.model.BridgePort;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.ChainRule.FlowAction;
import org.midonet.kube.midonet.model.ChainRule.Match;
import org.midonet.kube.midonet.model.ChainRule.NatTarget;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.HostInterfacePort;
import org.midonet.kube.midonet.model.MacPort;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.PortLink;
import org.midonet.kube.midonet.model.Route;
import org.midonet.kube.midonet.model.RouterPort;
import org.midonet.kube.midonet.model.TunnelZoneHost;

class ApplyPlanTest {
    private static final UUID ROUTER = id(1);
    private static final UUID BRIDGE = id(2);
    private static final UUID CHAIN = id(3);
    private static final UUID HOST = id(4);
    private static final UUID ZONE = id(5);

    private static UUID id(int n) {
        return UUID.fromString(String.format("00000000-0000-0000-0000-%012d", n));
    }

    private static ApplyPlan plan(List<MidonetResource> last, List<MidonetResource> desired) {
        return ApplyPlan.between(last, desired, identity -> false);
    }

    private static ChainRule dnat(UUID id, String... ips) {
        List<NatTarget> targets = Arrays.stream(ips).map(ip -> NatTarget.to(ip, 80)).toList();
        return ChainRule.dnat(CHAIN, id, 1, Match.ipv4().toHost("10.96.0.1"), FlowAction.CONTINUE, targets);
    }

    @Test
    void nothingToDoWhenNothingChanged() {
        List<MidonetResource> state = List.of(new Chain(CHAIN, "c", "t"), dnat(id(10), "10.1.0.1"));
        assertThat(plan(state, state).isEmpty()).isTrue();
    }

    @Test
    void aPortMovedToAnotherBridgeIsReplacedSinceAPutCannotMoveIt() {
        UUID otherBridge = id(6);
        UUID otherHost = id(7);
        List<MidonetResource> before = List.of(BridgePort.of(BRIDGE, id(20)), new HostInterfacePort(HOST, id(20), "veth1"));
        List<MidonetResource> after = List.of(BridgePort.of(otherBridge, id(20)),
                new HostInterfacePort(otherHost, id(20), "veth1"));

        ApplyPlan plan = plan(before, after);

        assertThat(plan.updates()).isEmpty();
        assertThat(plan.replaced()).as("the old binding, then the old port").containsExactly(before.get(1), before.get(0));
        assertThat(plan.creates()).containsExactly(after.get(0), after.get(1));
        assertThat(plan(List.of(BridgePort.of(BRIDGE, id(20))),
                List.of(BridgePort.withOutboundFilter(BRIDGE, id(20), CHAIN))).updates())
                .as("on the same bridge, a PUT").hasSize(1);
    }

    @Test
    void createsInDependencyOrderWithRulesByPosition() {
        ChainRule first = ChainRule.reverseSnat(CHAIN, id(11), 1, FlowAction.CONTINUE);
        ChainRule second = ChainRule.reverseDnat(CHAIN, id(12), 2, FlowAction.ACCEPT);
        BridgePort port = BridgePort.of(BRIDGE, id(20));
        List<MidonetResource> desired = List.of(second, new HostInterfacePort(HOST, id(20), "eth0"), port, first,
                new Bridge(BRIDGE, "b", "t", CHAIN), new Chain(CHAIN, "c", "t"));
        assertThat(plan(List.of(), desired).creates()).containsExactly(new Chain(CHAIN, "c", "t"),
                new Bridge(BRIDGE, "b", "t", CHAIN), port, first, second, new HostInterfacePort(HOST, id(20), "eth0"));
    }

    @Test
    void updatesOnlyChangedUpdatableObjects() {
        Bridge before = new Bridge(BRIDGE, "b", "t", null);
        Bridge after = new Bridge(BRIDGE, "b", "t", CHAIN);
        ApplyPlan plan = plan(List.of(before, new Chain(CHAIN, "c", "t")), List.of(after, new Chain(CHAIN, "c", "t")));
        assertThat(plan.updates()).containsExactly(after);
        assertThat(plan.writes()).isEqualTo(1);
    }

    @Test
    void aNewRuleIsCreatedBeforeTheOneItReplacesIsDeleted() {
        ApplyPlan plan = plan(List.of(dnat(id(10), "10.1.0.1")), List.of(dnat(id(11), "10.1.0.1", "10.1.0.2")));
        assertThat(plan.replaced()).isEmpty();
        assertThat(plan.creates()).containsExactly(dnat(id(11), "10.1.0.1", "10.1.0.2"));
        assertThat(plan.deletes()).containsExactly(dnat(id(10), "10.1.0.1"));
    }

    @Test
    void anImmutableObjectThatKeepsItsIdentityIsDeletedThenCreated() {
        TunnelZoneHost before = new TunnelZoneHost(ZONE, HOST, "192.0.2.1");
        TunnelZoneHost after = new TunnelZoneHost(ZONE, HOST, "192.0.2.2");
        ApplyPlan plan = plan(List.of(before), List.of(after));
        assertThat(plan.replaced()).containsExactly(before);
        assertThat(plan.creates()).containsExactly(after);
        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.writes()).isEqualTo(2);
    }

    @Test
    void deletesChildrenFirstAndSkipsWhatMidonetCascades() {
        BridgePort bridgePort = BridgePort.of(BRIDGE, id(20));
        RouterPort routerPort = RouterPort.of(ROUTER, id(21), "10.1.0.1/24", "ac:ca:ba:00:00:01");
        List<MidonetResource> node = List.of(new Bridge(BRIDGE, "b", "t", null), bridgePort, routerPort,
                new PortLink(id(20), id(21)), Route.normal(ROUTER, id(22), "10.1.0.0", 24, id(21), null),
                new Chain(CHAIN, "c", "t"), ChainRule.reverseDnat(CHAIN, id(23), 1, FlowAction.ACCEPT),
                new HostInterfacePort(HOST, id(20), "eth0"), new MacPort(BRIDGE, "02:00:00:00:00:01", id(20)));
        // the bridge takes its port, binding and MAC table; the router port its route and link; the chain its rule
        assertThat(plan(node, List.of()).deletes()).containsExactly(routerPort, new Bridge(BRIDGE, "b", "t", null),
                new Chain(CHAIN, "c", "t"));
    }

    @Test
    void aJumpToADeletedChainGoesWithIt() {
        UUID services = id(30);
        ChainRule jump = ChainRule.jump(services, id(31), 1, Match.ANY, CHAIN);
        assertThat(plan(List.of(jump, new Chain(CHAIN, "c", "t")), List.of()).deletes())
                .containsExactly(new Chain(CHAIN, "c", "t"));
    }

    @Test
    void neverDeletesWhatAnotherTranslationClaims() {
        ChainRule hairpin = ChainRule.snat(CHAIN, id(40), 2, Match.ipv4().fromHost("10.1.0.1").toHost("10.1.0.1"),
                FlowAction.ACCEPT, List.of(new NatTarget("10.96.0.1", "10.96.0.1", 30000, 60000)));
        ApplyPlan plan = ApplyPlan.between(List.of(hairpin), List.of(), identity -> identity.equals(Identity.of(hairpin)));
        assertThat(plan.isEmpty()).isTrue();
    }
}

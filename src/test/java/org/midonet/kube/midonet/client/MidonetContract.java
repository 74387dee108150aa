package org.midonet.kube.midonet.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.model.Bridge;
import org.midonet.kube.midonet.model.BridgePort;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.ChainRule.FlowAction;
import org.midonet.kube.midonet.model.ChainRule.Match;
import org.midonet.kube.midonet.model.ChainRule.NatTarget;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.HostInterfacePort;
import org.midonet.kube.midonet.model.Ip4MacPair;
import org.midonet.kube.midonet.model.MacPort;
import org.midonet.kube.midonet.model.PortLink;
import org.midonet.kube.midonet.model.ResourceKind;
import org.midonet.kube.midonet.model.Route;
import org.midonet.kube.midonet.model.Router;
import org.midonet.kube.midonet.model.RouterPort;
import org.midonet.kube.midonet.model.TunnelZone;
import org.midonet.kube.midonet.model.TunnelZoneHost;

/**
 * MidoNet's REST behaviour as this project relies on it (docs/midonet-rest-api.md), checked
 * through the real HTTP client. A subclass supplies a server: the emulator in the tests, a real MidoNet API
 * when one is at hand.
 */
public abstract class MidonetContract {
    protected MidonetClient client;

    /** Starts a server holding no objects but the host {@link #hostId()}, and returns its API root. */
    protected abstract URI startServer() throws Exception;

    protected abstract void stopServer();

    /** A host registered with the server. */
    protected abstract UUID hostId();

    @BeforeEach
    void connect() throws Exception {
        client = new MidonetClient(MidonetClientConfig.of(startServer()).withCredentials("admin", "admin", null),
                new SimpleMeterRegistry());
    }

    @AfterEach
    void disconnect() {
        client.close();
        stopServer();
    }

    private static UUID id() {
        return UUID.randomUUID();
    }

    private Chain chain() {
        Chain chain = new Chain(id(), "c", "t");
        client.create(chain);
        return chain;
    }

    private List<String> ruleIdsOf(Chain chain) {
        return client.list("/chains/" + chain.id() + "/rules", ResourceKind.RULE.collectionMediaType()).stream()
                .map(r -> r.path("id").asText()).toList();
    }

    private MidonetException failure(Runnable call) {
        try {
            call.run();
        } catch (MidonetException e) {
            return e;
        }
        throw new AssertionError("the call succeeded");
    }

    @Test
    void createsWithTheClientsIdAndRefusesTheSameIdTwice() {
        Chain chain = chain();
        assertThat(client.get(chain)).get().satisfies(c -> assertThat(c.path("name").asText()).isEqualTo("c"));
        MidonetException twice = failure(() -> client.create(chain));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.getMessage()).contains("already exists");
    }

    @Test
    void rulesAreInsertedAtTheirPositionAndAtTheHeadWithoutOne() {
        Chain chain = chain();
        ChainRule a = ChainRule.literal(chain.id(), id(), ChainRule.Type.ACCEPT, 1, Match.ANY);
        ChainRule b = ChainRule.literal(chain.id(), id(), ChainRule.Type.DROP, 2, Match.ANY);
        ChainRule c = ChainRule.literal(chain.id(), id(), ChainRule.Type.RETURN, 2, Match.ANY);
        client.create(a);
        client.create(b);
        client.create(c);
        assertThat(ruleIdsOf(chain)).containsExactly(a.id().toString(), c.id().toString(), b.id().toString());

        UUID head = id();
        MidonetClient.Reply reply = client.call("POST", "/chains/" + chain.id() + "/rules", ResourceKind.RULE.mediaType(),
                "{\"id\":\"" + head + "\",\"type\":\"accept\"}", "rules");
        assertThat(reply.status()).isEqualTo(201);
        assertThat(ruleIdsOf(chain)).first().isEqualTo(head.toString());

        ChainRule tooFar = ChainRule.literal(chain.id(), id(), ChainRule.Type.ACCEPT, 6, Match.ANY);
        MidonetException e = failure(() -> client.create(tooFar));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("Position exceeds number of rules in chain");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void rulesAndChainsCannotBeUpdated() {
        Chain chain = chain();
        assertThat(failure(() -> client.update(chain)).status()).isEqualTo(405);
    }

    @Test
    void aNatRuleNeedsATargetAndAJumpItsChain() {
        Chain chain = chain();
        MidonetClient.Reply noTargets = client.call("POST", "/chains/" + chain.id() + "/rules", ResourceKind.RULE.mediaType(),
                "{\"id\":\"" + id() + "\",\"type\":\"dnat\",\"position\":1,\"flowAction\":\"accept\",\"natTargets\":[]}",
                "rules");
        assertThat(noTargets.status()).isEqualTo(400);
        MidonetException jump = failure(() -> client.create(ChainRule.jump(chain.id(), id(), 1, Match.ANY, id())));
        assertThat(jump.status()).isEqualTo(404);
        assertThat(jump.retriable()).isTrue();
    }

    @Test
    void deletingAChainDeletesItsRulesAndTheJumpsToIt() {
        Chain services = chain();
        Chain target = chain();
        ChainRule jump = ChainRule.jump(services.id(), id(), 1, Match.ANY, target.id());
        ChainRule inside = ChainRule.dnat(target.id(), id(), 1, Match.ipv4().toHost("10.96.0.1"), FlowAction.ACCEPT,
                List.of(NatTarget.to("10.1.0.5", 80)));
        client.create(jump);
        client.create(inside);
        assertThat(client.delete(target)).isTrue();
        assertThat(client.get(jump)).isEmpty();
        assertThat(client.get(inside)).isEmpty();
        assertThat(client.delete(target)).as("a chain answers 404 once gone").isFalse();
    }

    @Test
    void aRouterPortGetsALocalRouteAndANormalRouteNeedsAPortOfTheRouter() {
        Router router = new Router(id(), "r", "t");
        client.create(router);
        RouterPort port = RouterPort.of(router.id(), id(), "10.1.0.1/24", "ac:ca:ba:00:00:01");
        client.create(port);
        List<JsonNode> routes = client.list("/routers/" + router.id() + "/routes", ResourceKind.ROUTE.collectionMediaType());
        assertThat(routes).anySatisfy(r -> {
            assertThat(r.path("type").asText()).isEqualTo("Local");
            assertThat(r.path("dstNetworkAddr").asText()).isEqualTo("10.1.0.1");
            assertThat(r.path("dstNetworkLength").asInt()).isEqualTo(32);
        });
        MidonetException noPort = failure(() -> client.create(Route.normal(router.id(), id(), "10.1.0.0", 24, id(), null)));
        assertThat(noPort.status()).isEqualTo(400);
        assertThat(noPort.retriable()).as("the next-hop port may be created later").isTrue();
        Route route = Route.normal(router.id(), id(), "10.1.0.0", 24, port.id(), null);
        client.create(route);
        assertThat(failure(() -> client.update(route)).status()).isEqualTo(405);
    }

    @Test
    void portsLinkOnceAndDeletingAPortUnlinksItAndRemovesItsRoutes() {
        Router router = new Router(id(), "r", "t");
        Bridge bridge = new Bridge(id(), "b", "t", null);
        client.create(router);
        client.create(bridge);
        RouterPort routerPort = RouterPort.of(router.id(), id(), "10.1.0.1/24", "ac:ca:ba:00:00:02");
        BridgePort bridgePort = BridgePort.of(bridge.id(), id());
        client.create(routerPort);
        client.create(bridgePort);
        PortLink link = new PortLink(bridgePort.id(), routerPort.id());
        client.create(link);
        assertThat(client.get(bridgePort)).get()
                .satisfies(p -> assertThat(p.path("peerId").asText()).isEqualTo(routerPort.id().toString()));
        MidonetException again = failure(() -> client.create(link));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.getMessage()).contains("Ports are not linkable.");

        Route route = Route.normal(router.id(), id(), "10.1.0.0", 24, routerPort.id(), null);
        client.create(route);
        client.delete(routerPort);
        assertThat(client.get(route)).isEmpty();
        assertThat(client.get(bridgePort)).get().satisfies(p -> assertThat(p.path("peerId").isNull()).isTrue());
    }

    @Test
    void deletingABridgeDeletesItsPorts() {
        Bridge bridge = new Bridge(id(), "b", "t", null);
        client.create(bridge);
        BridgePort port = BridgePort.of(bridge.id(), id());
        client.create(port);
        client.delete(bridge);
        assertThat(client.get(port)).isEmpty();
    }

    @Test
    void aBridgeFilterMustExistAndAPutReplacesTheBridge() {
        Bridge filtered = new Bridge(id(), "b", "t", id());
        MidonetException missing = failure(() -> client.create(filtered));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.getMessage()).contains("There is no Chain with ID");

        Chain chain = chain();
        Bridge bridge = new Bridge(id(), "b", "t", chain.id());
        client.create(bridge);
        client.update(new Bridge(bridge.id(), "renamed", "t", null));
        assertThat(client.get(bridge)).get().satisfies(b -> {
            assertThat(b.path("name").asText()).isEqualTo("renamed");
            assertThat(b.path("inboundFilterId").isNull()).isTrue();
        });
    }

    @Test
    void tunnelZoneNamesAreUniqueAndAPutKeepingTheNameClashesWithItself() {
        TunnelZone zone = new TunnelZone(id(), "zone-" + id(), "vxlan");
        client.create(zone);
        assertThat(failure(() -> client.create(new TunnelZone(id(), zone.name(), "vxlan"))).status()).isEqualTo(409);
        assertThat(failure(() -> client.update(zone)).status()).isEqualTo(409);
    }

    @Test
    void aPortCanBeBoundOnlyOnAHostInATunnelZone() {
        Bridge bridge = new Bridge(id(), "b", "t", null);
        client.create(bridge);
        BridgePort port = BridgePort.of(bridge.id(), id());
        client.create(port);
        HostInterfacePort binding = new HostInterfacePort(hostId(), port.id(), "veth0");
        MidonetException notInZone = failure(() -> client.create(binding));
        assertThat(notInZone.status()).isEqualTo(409);
        assertThat(notInZone.getMessage()).contains("not in any tunnel zone");

        TunnelZone zone = new TunnelZone(id(), "zone-" + id(), "vxlan");
        client.create(zone);
        TunnelZoneHost member = new TunnelZoneHost(zone.id(), hostId(), "192.0.2.10");
        client.create(member);
        assertThat(failure(() -> client.create(member)).status()).isEqualTo(409);
        client.create(binding);
        assertThat(client.get(port)).get().satisfies(p -> assertThat(p.path("interfaceName").asText()).isEqualTo("veth0"));
        client.delete(member);
        client.delete(zone);
    }

    @Test
    void duplicateMacAndArpEntriesAnswer500() {
        Bridge bridge = new Bridge(id(), "b", "t", null);
        client.create(bridge);
        BridgePort port = BridgePort.of(bridge.id(), id());
        client.create(port);
        MacPort mac = new MacPort(bridge.id(), "02:00:00:00:00:01", port.id());
        client.create(mac);
        assertThat(failure(() -> client.create(mac)).status()).isEqualTo(500);
        assertThat(client.get(mac)).isPresent();
        Ip4MacPair arp = new Ip4MacPair(bridge.id(), "10.1.0.5", "02:00:00:00:00:01");
        client.create(arp);
        assertThat(failure(() -> client.create(arp)).status()).isEqualTo(500);
        assertThat(client.delete(arp)).isTrue();
        assertThat(client.get(arp)).isEmpty();
    }

    @Test
    void mediaTypesAreChecked() {
        assertThat(client.call("GET", "/routers", null, null, "routers").status()).isEqualTo(406);
        Bridge bridge = new Bridge(id(), "b", "t", null);
        client.create(bridge);
        MidonetClient.Reply json = client.call("POST", "/bridges/" + bridge.id() + "/arp_table", "application/json",
                "{\"ip\":\"10.1.0.5\",\"mac\":\"02:00:00:00:00:01\"}", "bridges");
        assertThat(json.status()).isEqualTo(415);
    }

    @Test
    void missingParentsAre404() {
        MidonetException e = failure(() -> client.create(BridgePort.of(id(), id())));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).contains("There is no Network with ID");
    }

    @Test
    void listsTheSeededHost() {
        assertThat(client.hosts()).anySatisfy(h -> assertThat(h.path("id").asText()).isEqualTo(hostId().toString()));
    }
}

package org.midonet.kube.midonet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.model.ChainRule.FlowAction;
import org.midonet.kube.midonet.model.ChainRule.Match;
import org.midonet.kube.midonet.model.ChainRule.NatTarget;

/** Every resource serialises to the body MidoNet's REST API takes, and knows its parent, paths and media type. */
class MidonetResourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    private static JsonNode body(MidonetResource r) throws Exception {
        return JSON.readTree(MidonetJson.body(r));
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void tunnelZone() throws Exception {
        TunnelZone zone = new TunnelZone(A, "DefaultTunnelZone", "vxlan");
        assertThat(body(zone)).isEqualTo(json("{'id':'" + A + "','name':'DefaultTunnelZone','type':'vxlan'}"));
        assertThat(zone.parent()).isNull();
        assertThat(zone.createPath()).isEqualTo("/tunnel_zones");
        assertThat(zone.itemPath()).isEqualTo("/tunnel_zones/" + A);
        assertThat(zone.mediaType()).isEqualTo("application/vnd.org.midonet.TunnelZone-v1+json");
        assertThat(zone.updatable()).isTrue();
    }

    @Test
    void tunnelZoneHostIsKeyedByHost() throws Exception {
        TunnelZoneHost member = new TunnelZoneHost(A, B, "192.0.2.1");
        assertThat(body(member)).isEqualTo(json("{'hostId':'" + B + "','ipAddress':'192.0.2.1'}"));
        assertThat(member.parent()).isEqualTo(A);
        assertThat(member.createPath()).isEqualTo("/tunnel_zones/" + A + "/hosts");
        assertThat(member.itemPath()).isEqualTo("/tunnel_zones/" + A + "/hosts/" + B);
        assertThat(member.mediaType()).isEqualTo("application/vnd.org.midonet.TunnelZoneHost-v1+json");
        assertThat(member.updatable()).isFalse();
    }

    @Test
    void routerAndBridge() throws Exception {
        Router router = new Router(A, "ClusterRouter", "midonetkube");
        assertThat(body(router)).isEqualTo(json("{'id':'" + A + "','name':'ClusterRouter','tenantId':'midonetkube'}"));
        assertThat(router.createPath()).isEqualTo("/routers");
        assertThat(router.mediaType()).isEqualTo("application/vnd.org.midonet.Router-v3+json");
        Bridge bridge = new Bridge(B, "node-1", "midonetkube", C);
        assertThat(body(bridge))
                .isEqualTo(json("{'id':'" + B + "','name':'node-1','tenantId':'midonetkube','inboundFilterId':'" + C + "'}"));
        assertThat(bridge.itemPath()).isEqualTo("/bridges/" + B);
        assertThat(bridge.mediaType()).isEqualTo("application/vnd.org.midonet.Bridge-v4+json");
        assertThat(bridge.kind().collectionMediaType()).isEqualTo("application/vnd.org.midonet.collection.Bridge-v4+json");
    }

    @Test
    void portsCarryTheirTypeAndArePostedUnderTheirDevice() throws Exception {
        BridgePort bridgePort = BridgePort.withOutboundFilter(A, B, C);
        assertThat(body(bridgePort)).isEqualTo(json("{'id':'" + B + "','type':'Bridge','outboundFilterId':'" + C + "'}"));
        assertThat(bridgePort.createPath()).isEqualTo("/bridges/" + A + "/ports");
        assertThat(bridgePort.itemPath()).isEqualTo("/ports/" + B);
        assertThat(bridgePort.kind().translationName()).isEqualTo("Port");
        RouterPort routerPort = RouterPort.of(A, B, "10.1.0.1/24", "ac:ca:ba:00:00:01");
        assertThat(body(routerPort))
                .isEqualTo(json("{'id':'" + B + "','type':'Router','portSubnet':['10.1.0.1/24'],'portMac':'ac:ca:ba:00:00:01'}"));
        assertThat(routerPort.createPath()).isEqualTo("/routers/" + A + "/ports");
        assertThat(routerPort.mediaType()).isEqualTo("application/vnd.org.midonet.Port-v3+json");
        assertThatThrownBy(() -> new BridgePort(A, B, "Router", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void portLinkSendsOnlyThePeer() throws Exception {
        PortLink link = new PortLink(A, B);
        assertThat(body(link)).isEqualTo(json("{'peerId':'" + B + "'}"));
        assertThat(link.createPath()).isEqualTo("/ports/" + A + "/link");
        assertThat(link.mediaType()).isEqualTo("application/vnd.org.midonet.PortLink-v1+json");
    }

    @Test
    void routeAlwaysSendsPrefixLengths() throws Exception {
        Route route = Route.normal(A, B, "10.1.0.0", 24, C, null);
        assertThat(body(route)).isEqualTo(json("{'id':'" + B + "','srcNetworkAddr':'0.0.0.0','srcNetworkLength':0,"
                + "'dstNetworkAddr':'10.1.0.0','dstNetworkLength':24,'nextHopPort':'" + C + "','type':'Normal'}"));
        assertThat(Route.normal(A, B, "192.0.2.1", 32, C, "10.1.0.2").nextHopGateway()).isEqualTo("10.1.0.2");
        assertThat(route.createPath()).isEqualTo("/routers/" + A + "/routes");
        assertThat(route.itemPath()).isEqualTo("/routes/" + B);
        assertThat(route.updatable()).isFalse();
    }

    @Test
    void chainIsImmutable() throws Exception {
        Chain chain = new Chain(A, "KUBE-MAIN", "midonetkube");
        assertThat(body(chain)).isEqualTo(json("{'id':'" + A + "','tenantId':'midonetkube','name':'KUBE-MAIN'}"));
        assertThat(chain.updatable()).isFalse();
        assertThat(chain.mediaType()).isEqualTo("application/vnd.org.midonet.Chain-v1+json");
    }

    @Test
    void jumpRuleWithAServiceMatch() throws Exception {
        ChainRule jump = ChainRule.jump(A, B, 1, Match.ipv4().toHost("10.96.0.10").protocolAndPort(17, 53), C);
        assertThat(body(jump)).isEqualTo(json("{'id':'" + B + "','type':'jump','position':1,'dlType':2048,"
                + "'nwDstAddress':'10.96.0.10','nwDstLength':32,'nwProto':17,'tpDst':{'start':53,'end':53},"
                + "'jumpChainId':'" + C + "'}"));
        assertThat(jump.createPath()).isEqualTo("/chains/" + A + "/rules");
        assertThat(jump.itemPath()).isEqualTo("/rules/" + B);
        assertThat(jump.mediaType()).isEqualTo("application/vnd.org.midonet.Rule-v2+json");
        assertThat(jump.kind().translationName()).isEqualTo("Rule");
    }

    @Test
    void natRulesNeedTargetsAndAFlowAction() throws Exception {
        ChainRule dnat = ChainRule.dnat(A, B, 1, Match.ANY, FlowAction.CONTINUE,
                List.of(NatTarget.to("10.1.0.5", 8080), NatTarget.to("10.1.1.5", 8080)));
        assertThat(body(dnat)).isEqualTo(json("{'id':'" + B + "','type':'dnat','position':1,'flowAction':'continue',"
                + "'natTargets':["
                + "{'addressFrom':'10.1.0.5','addressTo':'10.1.0.5','portFrom':8080,'portTo':8080},"
                + "{'addressFrom':'10.1.1.5','addressTo':'10.1.1.5','portFrom':8080,'portTo':8080}]}"));
        ChainRule snat = ChainRule.snat(A, B, 2, Match.ipv4().fromHost("10.1.0.2"), FlowAction.ACCEPT,
                List.of(new NatTarget("10.1.0.1", "10.1.0.1", 30000, 60000)));
        assertThat(body(snat)).isEqualTo(json("{'id':'" + B + "','type':'snat','position':2,'dlType':2048,"
                + "'nwSrcAddress':'10.1.0.2','nwSrcLength':32,'flowAction':'accept','natTargets':"
                + "[{'addressFrom':'10.1.0.1','addressTo':'10.1.0.1','portFrom':30000,'portTo':60000}]}"));
        assertThatThrownBy(() -> ChainRule.dnat(A, B, 1, Match.ANY, FlowAction.ACCEPT, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reverseAndLiteralRules() throws Exception {
        assertThat(body(ChainRule.reverseDnat(A, B, 2, FlowAction.ACCEPT)))
                .isEqualTo(json("{'id':'" + B + "','type':'rev_dnat','position':2,'flowAction':'accept'}"));
        assertThat(body(ChainRule.reverseSnat(A, B, 1, FlowAction.CONTINUE)))
                .isEqualTo(json("{'id':'" + B + "','type':'rev_snat','position':1,'flowAction':'continue'}"));
        assertThat(body(ChainRule.literal(A, B, ChainRule.Type.DROP, 3, Match.ipv4())))
                .isEqualTo(json("{'id':'" + B + "','type':'drop','position':3,'dlType':2048}"));
        assertThat(body(ChainRule.literal(A, B, ChainRule.Type.RETURN, 1, Match.ANY)).path("type").asText()).isEqualTo("return");
        assertThat(body(ChainRule.literal(A, B, ChainRule.Type.ACCEPT, 1, Match.ANY)).path("type").asText()).isEqualTo("accept");
        assertThatThrownBy(() -> ChainRule.literal(A, B, ChainRule.Type.JUMP, 1, Match.ANY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChainRule.reverseDnat(A, B, 0, FlowAction.ACCEPT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostInterfacePortMacAndArpEntries() throws Exception {
        HostInterfacePort binding = new HostInterfacePort(A, B, "midokube-mido");
        assertThat(body(binding)).isEqualTo(json("{'hostId':'" + A + "','portId':'" + B + "','interfaceName':'midokube-mido'}"));
        assertThat(binding.createPath()).isEqualTo("/hosts/" + A + "/ports");
        assertThat(binding.itemPath()).isEqualTo("/hosts/" + A + "/ports/" + B);
        assertThat(binding.mediaType()).isEqualTo("application/vnd.org.midonet.HostInterfacePort-v1+json");

        MacPort mac = new MacPort(A, "02:00:0a:01:00:0a", B);
        assertThat(body(mac)).isEqualTo(json("{'macAddr':'02:00:0a:01:00:0a','portId':'" + B + "'}"));
        assertThat(mac.itemPath()).isEqualTo("/bridges/" + A + "/mac_table/02-00-0a-01-00-0a_" + B);
        assertThat(mac.mediaType()).isEqualTo("application/vnd.org.midonet.MacPort-v2+json");
        assertThat(mac.kind().translationName()).isEqualTo("MACPort");

        Ip4MacPair arp = new Ip4MacPair(A, "10.1.0.10", "02:00:0a:01:00:0a");
        assertThat(body(arp)).isEqualTo(json("{'ip':'10.1.0.10','mac':'02:00:0a:01:00:0a'}"));
        assertThat(arp.createPath()).isEqualTo("/bridges/" + A + "/arp_table");
        assertThat(arp.itemPath()).isEqualTo("/bridges/" + A + "/arp_table/10.1.0.10_02-00-0a-01-00-0a");
        assertThat(arp.mediaType()).isEqualTo("application/vnd.org.midonet.IP4Mac-v1+json");
        assertThat(arp.kind().translationName()).isEqualTo("IPv4MACPair");
    }

    @Test
    void kindsAreOrderedParentsAndReferentsFirst() {
        assertThat(ResourceKind.CHAIN).isLessThan(ResourceKind.BRIDGE);
        assertThat(ResourceKind.CHAIN).isLessThan(ResourceKind.RULE);
        assertThat(ResourceKind.PORT).isLessThan(ResourceKind.PORT_LINK);
        assertThat(ResourceKind.PORT).isLessThan(ResourceKind.ROUTE);
        assertThat(ResourceKind.TUNNEL_ZONE_HOST).isLessThan(ResourceKind.HOST_INTERFACE_PORT);
        assertThat(ResourceKind.PORT).isLessThan(ResourceKind.MAC_PORT);
        assertThat(ResourceKind.fromTranslationName("IPv4MACPair")).isEqualTo(ResourceKind.IPV4_MAC_PAIR);
    }
}

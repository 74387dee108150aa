package org.midonet.kube.sim;

import static org.midonet.kube.sim.MediaCheck.declared;
import static org.midonet.kube.sim.MediaCheck.generic;
import static org.midonet.kube.sim.MediaTypes.*;

import java.util.ArrayList;
import java.util.List;

/**
 * The emulated endpoints: paths, declared methods, media types (reference §4) and handlers. The kinds given to
 * writes name what the write counts count, as in Translations.
 */
final class MidonetApi {
    private final List<Endpoint> endpoints = new ArrayList<>();

    private Endpoint at(String path) {
        Endpoint endpoint = new Endpoint(path);
        endpoints.add(endpoint);
        return endpoint;
    }

    static List<Endpoint> endpoints(boolean portIdInLinkFails) {
        MidonetApi api = new MidonetApi();
        RootResource root = new RootResource();
        RouterResource routers = new RouterResource();
        BridgeResource bridges = new BridgeResource();
        PortResource ports = new PortResource(portIdInLinkFails);
        RouteResource routes = new RouteResource();
        ChainResource chains = new ChainResource();
        RuleResource rules = new RuleResource();
        TunnelZoneResource zones = new TunnelZoneResource();
        HostResource hosts = new HostResource();
        MacTableResource macs = new MacTableResource();
        ArpTableResource arps = new ArpTableResource();

        api.at("/").get(generic(APPLICATION, JSON), root::get);

        api.at("/routers").get(generic(ROUTERS, JSON), routers::list).post(generic(ROUTER, JSON), "Router", routers::create);
        api.at("/routers/{id}").get(generic(ROUTER, JSON), routers::get).put(generic(ROUTER, JSON), "Router", routers::update)
                .delete("Router", routers::delete);
        api.at("/routers/{id}/ports").get(generic(PORTS, PORTS_V4, JSON), routers::ports)
                .post(generic(PORT, PORT_V4, JSON), "Port", ports::createOnRouter);
        api.at("/routers/{id}/peer_ports").get(generic(PORTS, PORTS_V4, JSON), routers::peerPorts);
        api.at("/routers/{id}/routes").get(generic(ROUTES, JSON), routes::listOfRouter)
                .post(generic(ROUTE, JSON), "Route", routes::create);

        api.at("/bridges").get(generic(BRIDGES, BRIDGES_V5, JSON), bridges::list)
                .post(generic(BRIDGE, BRIDGE_V5, JSON), "Bridge", bridges::create);
        api.at("/bridges/{id}").get(generic(BRIDGE, BRIDGE_V5, JSON), bridges::get)
                .put(generic(BRIDGE, BRIDGE_V5, JSON), "Bridge", bridges::update).delete("Bridge", bridges::delete);
        api.at("/bridges/{id}/ports").get(generic(PORTS, PORTS_V4, JSON), bridges::ports)
                .post(generic(PORT, PORT_V4, JSON), "Port", ports::createOnBridge);
        api.at("/bridges/{id}/peer_ports").get(generic(PORTS, PORTS_V4, JSON), bridges::peerPorts);
        api.at("/bridges/{id}/mac_table").get(declared(MAC_PORTS, JSON), macs::list)
                .post(declared(MAC_PORT, JSON), "MACPort", macs::create);
        api.at("/bridges/{id}/mac_table/{key}").get(declared(MAC_PORT, JSON), macs::get).delete("MACPort", macs::delete);
        api.at("/bridges/{id}/vlans/{vlan}/mac_table").get(declared(MAC_PORTS, JSON), macs::listOfVlan)
                .post(declared(MAC_PORT, JSON), "MACPort", macs::createInVlan);
        api.at("/bridges/{id}/vlans/{vlan}/mac_table/{key}").get(declared(MAC_PORT, JSON), macs::getInVlan)
                .delete("MACPort", macs::deleteInVlan);
        api.at("/bridges/{id}/arp_table").get(declared(IP4_MACS, JSON), arps::list)
                .post(declared(IP4_MAC), "IPv4MACPair", arps::create);
        api.at("/bridges/{id}/arp_table/{key}").get(declared(IP4_MAC, JSON), arps::get).delete("IPv4MACPair", arps::delete);

        api.at("/ports").get(generic(PORTS, PORTS_V4, JSON), ports::list);
        api.at("/ports/{id}").get(generic(PORT, PORT_V4, JSON), ports::get)
                .put(generic(PORT, PORT_V4, JSON), "Port", ports::update)
                .delete("Port", ports::delete);
        api.at("/ports/{id}/link").post(declared(PORT_LINK, JSON), "PortLink", ports::link).delete("PortLink", ports::unlink);

        api.at("/routes");
        api.at("/routes/{id}").get(generic(ROUTE, JSON), routes::get).delete("Route", routes::delete);

        api.at("/chains").get(generic(CHAINS, JSON), chains::list).post(generic(CHAIN, JSON), "Chain", chains::create);
        api.at("/chains/{id}").get(generic(CHAIN, JSON), chains::get).delete("Chain", chains::delete);
        api.at("/chains/{id}/rules").get(generic(RULES, JSON), rules::listOfChain)
                .post(generic(RULE, JSON), "Rule", rules::create);
        api.at("/rules");
        api.at("/rules/{id}").get(generic(RULE, JSON), rules::get).delete("Rule", rules::delete);

        api.at("/tunnel_zones").get(generic(TUNNEL_ZONES, JSON), zones::list)
                .post(generic(TUNNEL_ZONE, JSON), "TunnelZone", zones::create);
        api.at("/tunnel_zones/{id}").get(generic(TUNNEL_ZONE, JSON), zones::get)
                .put(generic(TUNNEL_ZONE, JSON), "TunnelZone", zones::update).delete("TunnelZone", zones::delete);
        api.at("/tunnel_zones/{id}/hosts").get(declared(TUNNEL_ZONE_HOSTS, GRE_TUNNEL_ZONE_HOSTS), zones::members)
                .post(declared(TUNNEL_ZONE_HOST, GRE_TUNNEL_ZONE_HOST), "TunnelZoneHost", zones::addMember);
        api.at("/tunnel_zones/{id}/hosts/{hostId}").get(declared(TUNNEL_ZONE_HOST, GRE_TUNNEL_ZONE_HOST), zones::member)
                .delete("TunnelZoneHost", zones::removeMember);

        api.at("/hosts").get(generic(HOSTS, JSON), hosts::list);
        api.at("/hosts/{id}").get(generic(HOST, JSON), hosts::get);
        api.at("/hosts/{id}/ports").get(declared(HOST_INTERFACE_PORTS), hosts::bindings)
                .post(generic(HOST_INTERFACE_PORT, JSON), "HostInterfacePort", hosts::bind);
        api.at("/hosts/{id}/ports/{portId}").get(MediaCheck.unchecked(HOST_INTERFACE_PORT), hosts::binding)
                .delete("HostInterfacePort", hosts::unbind);
        return List.copyOf(api.endpoints);
    }
}

package org.midonet.kube.sim;

/** The media type names the emulated API speaks (reference §4). */
final class MediaTypes {
    static final String JSON = "application/json";
    static final String ERROR = vendor("Error-v1");
    static final String TOKEN = vendor("Token-v1");
    static final String APPLICATION = vendor("Application-v5");
    static final String ROUTER = vendor("Router-v3");
    static final String ROUTERS = collection("Router-v3");
    static final String BRIDGE = vendor("Bridge-v4");
    static final String BRIDGE_V5 = vendor("Bridge-v5");
    static final String BRIDGES = collection("Bridge-v4");
    static final String BRIDGES_V5 = collection("Bridge-v5");
    static final String PORT = vendor("Port-v3");
    static final String PORT_V4 = vendor("Port-v4");
    static final String PORTS = collection("Port-v3");
    static final String PORTS_V4 = collection("Port-v4");
    static final String PORT_LINK = vendor("PortLink-v1");
    static final String ROUTE = vendor("Route-v1");
    static final String ROUTES = collection("Route-v1");
    static final String CHAIN = vendor("Chain-v1");
    static final String CHAINS = collection("Chain-v1");
    static final String RULE = vendor("Rule-v2");
    static final String RULES = collection("Rule-v2");
    static final String TUNNEL_ZONE = vendor("TunnelZone-v1");
    static final String TUNNEL_ZONES = collection("TunnelZone-v1");
    static final String TUNNEL_ZONE_HOST = vendor("TunnelZoneHost-v1");
    static final String GRE_TUNNEL_ZONE_HOST = vendor("GreTunnelZoneHost-v1");
    static final String TUNNEL_ZONE_HOSTS = collection("TunnelZoneHost-v1");
    static final String GRE_TUNNEL_ZONE_HOSTS = collection("GreTunnelZoneHost-v1");
    static final String HOST = vendor("Host-v3");
    static final String HOSTS = collection("Host-v3");
    static final String HOST_INTERFACE_PORT = vendor("HostInterfacePort-v1");
    static final String HOST_INTERFACE_PORTS = collection("HostInterfacePort-v1");
    static final String MAC_PORT = vendor("MacPort-v2");
    static final String MAC_PORTS = collection("MacPort-v2");
    static final String IP4_MAC = vendor("IP4Mac-v1");
    static final String IP4_MACS = collection("IP4Mac-v1");

    private MediaTypes() {
    }

    static String vendor(String name) {
        return "application/vnd.org.midonet." + name + "+json";
    }

    static String collection(String name) {
        return "application/vnd.org.midonet.collection." + name + "+json";
    }
}

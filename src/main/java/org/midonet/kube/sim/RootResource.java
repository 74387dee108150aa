package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** GET /midonet-api/: the version and the links and item templates of the resources (reference §3). */
final class RootResource {
    private static final String[][] COLLECTIONS = {
        {"bridges", "bridges", "bridgeTemplate"},
        {"chains", "chains", "chainTemplate"},
        {"healthMonitors", "health_monitors", "healthMonitorTemplate"},
        {"hosts", "hosts", "hostTemplate"},
        {"ipAddrGroups", "ip_addr_groups", "ipAddrGroupTemplate"},
        {"l2insertions", "l2insertions", "l2InsertionTemplate"},
        {"loadBalancers", "load_balancers", "loadBalancerTemplate"},
        {"mirrors", "mirrors", "mirrorTemplate"},
        {"poolMembers", "pool_members", "poolMemberTemplate"},
        {"pools", "pools", "poolTemplate"},
        {"portGroups", "port_groups", "portGroupTemplate"},
        {"ports", "ports", "portTemplate"},
        {"qosPolicies", "qos_policies", "qosPolicyTemplate"},
        {"routers", "routers", "routerTemplate"},
        {"serviceContainerGroups", "service_container_groups", "serviceContainerGroupTemplate"},
        {"serviceContainers", "service_containers", "serviceContainerTemplate"},
        {"tenants", "tenants", "tenantTemplate"},
        {"traceRequests", "traces", "traceRequestTemplate"},
        {"tunnelZones", "tunnel_zones", "tunnelZoneTemplate"},
        {"vips", "vips", "vipTemplate"},
        {"vteps", "vteps", "vtepTemplate"},
    };
    private static final String[][] TEMPLATES_ONLY = {
        {"bgp_networks", "bgpNetworkTemplate"},
        {"bgp_peers", "bgpPeerTemplate"},
        {"qos_bw_limit_rules", "qosBwLimitRuleTemplate"},
        {"qos_dscp_rules", "qosDscpRuleTemplate"},
        {"routes", "routeTemplate"},
        {"rules", "ruleTemplate"},
    };

    Reply get(Call call) {
        ObjectNode root = Json.object();
        root.put("uri", call.request.base() + "/");
        root.put("version", "v5.0");
        for (String[] c : COLLECTIONS) {
            root.put(c[0], call.render.uri("/" + c[1]));
            root.put(c[2], call.render.uri("/" + c[1] + "/{id}"));
        }
        for (String[] t : TEMPLATES_ONLY) {
            root.put(t[1], call.render.uri("/" + t[0] + "/{id}"));
        }
        root.put("neutron", call.render.uri("/neutron"));
        root.put("systemState", call.render.uri("/system_state"));
        return call.ok(root);
    }
}

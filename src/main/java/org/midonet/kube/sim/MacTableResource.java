package org.midonet.kube.sim;

import java.util.UUID;

/**
 * A bridge's MAC table, /bridges/{id}/mac_table and /bridges/{id}/vlans/{vlan}/mac_table (reference §5.10).
 * Entries are named in paths by {@code <mac with hyphens>_<port id>}. The plain path's items are those of the
 * untagged table (VLAN 0), its list holds every VLAN's entries.
 */
final class MacTableResource {
    static final String NOT_ON_BRIDGE = "The port must belong to the bridge that owns the MAC table.";
    static final String NO_SUCH_ENTRY = "The specified bridge does not have the specified MAC-port mapping.";

    Reply list(Call call) {
        SimBridge bridge = BridgeResource.find(call.state, call.id("id"));
        return call.ok(bridge.macTable.stream().map(e -> call.render.mac(bridge.id, e)).toList());
    }

    Reply listOfVlan(Call call) {
        int vlan = vlan(call);
        SimBridge bridge = bridgeWithVlan(call, vlan);
        return call.ok(bridge.macTable.stream().filter(e -> e.vlanId() == vlan).map(e -> call.render.mac(bridge.id, e))
                .toList());
    }

    Reply create(Call call) {
        return create(call, null);
    }

    Reply createInVlan(Call call) {
        return create(call, vlan(call));
    }

    /** Adds an entry; a duplicate answers 500 with a non-JSON body, as MidoNet does (MNA-1315). */
    private Reply create(Call call, Integer pathVlan) {
        Body body = call.body();
        String mac = body.string("macAddr");
        if (mac == null) {
            body.violation("macAddr", "may not be null");
        } else if (!Net.isMac(mac)) {
            throw ApiException.badRequest(Net.MAC_INVALID);
        }
        UUID portId = body.uuid("portId");
        if (portId == null) {
            body.violation("portId", "may not be null");
        }
        Integer bodyVlan = body.integer("vlanId", 0, 4095);
        body.validate();
        int vlan = pathVlan != null ? pathVlan : bodyVlan == null ? 0 : bodyVlan;
        SimBridge bridge = BridgeResource.find(call.state, call.id("id"));
        SimPort port = PortResource.find(call.state, portId);
        if (!port.deviceId.equals(bridge.id)) {
            throw ApiException.badRequest(NOT_ON_BRIDGE);
        }
        if (port.type == SimPort.Type.BRIDGE && port.vlanId() != 0 && port.vlanId() != vlan) {
            throw ApiException.badRequest("The specified port handles traffic only for VLAN " + port.vlanId() + ".");
        }
        SimBridge.MacEntry entry = new SimBridge.MacEntry(Net.normalizeMac(mac), port.id, vlan);
        if (bridge.macTable.contains(entry)) {
            throw ApiException.plainServerError("org.midonet.cluster.data.storage.StorageException: "
                    + "KeeperErrorCode = NodeExists for the MAC-port mapping " + entry.mac() + " -> " + port.id
                    + " on VLAN " + vlan);
        }
        bridge.macTable.add(entry);
        call.state.touch();
        String table = vlan == 0 ? "/bridges/" + bridge.id + "/mac_table/"
                : "/bridges/" + bridge.id + "/vlans/" + vlan + "/mac_table/";
        return call.created(table + Net.macToUri(entry.mac()) + "_" + port.id);
    }

    Reply get(Call call) {
        return get(call, 0);
    }

    Reply getInVlan(Call call) {
        return get(call, vlan(call));
    }

    private Reply get(Call call, int vlan) {
        SimBridge.MacEntry wanted = entry(call, vlan);
        SimBridge bridge = bridgeWithVlan(call, vlan);
        if (!bridge.macTable.contains(wanted)) {
            throw ApiException.notFound(NO_SUCH_ENTRY);
        }
        return call.ok(call.render.mac(bridge.id, wanted));
    }

    Reply delete(Call call) {
        return delete(call, 0);
    }

    Reply deleteInVlan(Call call) {
        return delete(call, vlan(call));
    }

    /** Idempotent: a missing entry answers 204 too. */
    private Reply delete(Call call, int vlan) {
        SimBridge.MacEntry wanted = entry(call, vlan);
        SimBridge bridge = bridgeWithVlan(call, vlan);
        if (bridge.macTable.remove(wanted)) {
            call.state.touch();
        }
        return Reply.noContent();
    }

    /** The entry a path names: "02-11-22-33-44-55_<port uuid>". */
    private static SimBridge.MacEntry entry(Call call, int vlan) {
        String key = call.variable("key");
        int underscore = key.indexOf('_');
        String mac = underscore < 0 ? null : Net.macFromUri(key.substring(0, underscore));
        if (mac == null) {
            throw ApiException.badRequest(Net.MAC_URI_INVALID);
        }
        try {
            String port = key.substring(underscore + 1);
            if (port.length() != 36) {
                throw new IllegalArgumentException(port);
            }
            return new SimBridge.MacEntry(mac, UUID.fromString(port), vlan);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid port ID in " + key);
        }
    }

    /**
     * The bridge, if it has a table for the VLAN: VLAN 0 always, another VLAN when a port of the bridge or an
     * entry uses it. Otherwise 404, also for a bridge that does not exist.
     */
    private static SimBridge bridgeWithVlan(Call call, int vlan) {
        SimBridge bridge = call.state.bridges.get(call.id("id"));
        boolean hasVlan = bridge != null && (vlan == 0
                || bridge.macTable.stream().anyMatch(e -> e.vlanId() == vlan)
                || call.state.portsOf(bridge.id).stream().anyMatch(p -> p.vlanId() == vlan));
        if (!hasVlan) {
            throw ApiException.notFound("The specified bridge has no ports assigned to VLAN " + vlan + ".");
        }
        return bridge;
    }

    private static int vlan(Call call) {
        try {
            int vlan = Integer.parseInt(call.variable("vlan"));
            if (vlan >= 0 && vlan <= 4095) {
                return vlan;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.notFound("Resource not found");
    }
}

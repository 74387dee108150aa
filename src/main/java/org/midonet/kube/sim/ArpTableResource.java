package org.midonet.kube.sim;

/**
 * A bridge's ARP table, /bridges/{id}/arp_table (reference §5.11). Entries are named in paths by
 * {@code <ip>_<mac with hyphens>}.
 */
final class ArpTableResource {
    static final String NO_SUCH_ENTRY = "The specified bridge does not have the specified ARP table entry.";
    private static final String INVALID_IP = "is not a valid IP address";

    Reply list(Call call) {
        SimBridge bridge = BridgeResource.find(call.state, call.id("id"));
        return call.ok(bridge.arpTable.stream().map(e -> call.render.arp(bridge.id, e)).toList());
    }

    /** Adds an entry; a duplicate answers 500 with a non-JSON body, as MidoNet does (MNA-1315). */
    Reply create(Call call) {
        Body body = call.body();
        String ip = body.ipv4("ip", true, INVALID_IP);
        String mac = body.string("mac");
        if (mac == null) {
            body.violation("mac", "may not be null");
        } else if (!Net.isMac(mac)) {
            throw ApiException.badRequest(Net.MAC_INVALID);
        }
        body.validate();
        SimBridge bridge = BridgeResource.find(call.state, call.id("id"));
        SimBridge.ArpEntry entry = new SimBridge.ArpEntry(ip, Net.normalizeMac(mac));
        if (bridge.arpTable.contains(entry)) {
            throw ApiException.plainServerError("org.midonet.cluster.data.storage.StorageException: "
                    + "KeeperErrorCode = NodeExists for the ARP entry " + ip + " -> " + entry.mac());
        }
        bridge.arpTable.add(entry);
        call.state.touch();
        return call.created("/bridges/" + bridge.id + "/arp_table/" + ip + "_" + Net.macToUri(entry.mac()));
    }

    Reply get(Call call) {
        SimBridge.ArpEntry wanted = entry(call);
        SimBridge bridge = BridgeResource.find(call.state, call.id("id"));
        if (!bridge.arpTable.contains(wanted)) {
            throw ApiException.notFound(NO_SUCH_ENTRY);
        }
        return call.ok(call.render.arp(bridge.id, wanted));
    }

    /** Idempotent: a missing entry answers 204 too. */
    Reply delete(Call call) {
        SimBridge.ArpEntry wanted = entry(call);
        SimBridge bridge = BridgeResource.find(call.state, call.id("id"));
        if (bridge.arpTable.remove(wanted)) {
            call.state.touch();
        }
        return Reply.noContent();
    }

    /** The entry a path names: "10.0.0.5_02-11-22-33-44-55". */
    private static SimBridge.ArpEntry entry(Call call) {
        String key = call.variable("key");
        int underscore = key.indexOf('_');
        String ip = underscore < 0 ? key : key.substring(0, underscore);
        if (!Net.isIpv4(ip)) {
            throw ApiException.badRequest(ip + " " + INVALID_IP);
        }
        String mac = underscore < 0 ? null : Net.macFromUri(key.substring(underscore + 1));
        if (mac == null) {
            throw ApiException.badRequest(Net.MAC_URI_INVALID);
        }
        return new SimBridge.ArpEntry(ip, mac);
    }
}

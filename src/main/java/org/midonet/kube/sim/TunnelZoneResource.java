package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;

/** /tunnel_zones and their members, /tunnel_zones/{id}/hosts (reference §5.7, §5.8). */
final class TunnelZoneResource {
    private static final List<String> TYPES = List.of("gre", "vxlan", "vtep");
    static final String NAME_EXISTS = "Tunnel zone name already exists.";

    Reply list(Call call) {
        return call.ok(call.state.tunnelZones.values().stream().map(call.render::tunnelZone).toList());
    }

    Reply get(Call call) {
        return call.ok(call.render.tunnelZone(find(call.state, call.id("id"))));
    }

    /** The name is checked against every zone before the id (MNA-1293). */
    Reply create(Call call) {
        Body body = call.body();
        UUID id = body.uuid("id");
        ObjectNode spec = spec(body);
        requireUniqueName(call.state, spec);
        if (id == null) {
            id = call.state.newId();
        } else if (call.state.tunnelZones.containsKey(id)) {
            throw ApiException.alreadyExists("TunnelZone", id);
        }
        call.state.tunnelZones.put(id, new SimTunnelZone(id, spec));
        call.state.touch();
        return call.created("/tunnel_zones/" + id);
    }

    /** The name scan includes the zone itself, so a PUT keeping the name answers 409 (MNA-1293). */
    Reply update(Call call) {
        UUID id = call.id("id");
        Body body = call.body();
        ObjectNode spec = spec(body);
        requireUniqueName(call.state, spec);
        SimTunnelZone zone = find(call.state, id);
        zone.spec = spec;
        call.state.touch();
        return Reply.noContent();
    }

    /** Idempotent; removes the zone's memberships with it. */
    Reply delete(Call call) {
        call.state.deleteTunnelZone(call.id("id"));
        return Reply.noContent();
    }

    Reply members(Call call) {
        SimTunnelZone zone = find(call.state, call.id("id"));
        return call.ok(zone.members.entrySet().stream()
                .map(m -> call.render.tunnelZoneHost(zone.id, m.getKey(), m.getValue())).toList());
    }

    Reply member(Call call) {
        SimTunnelZone zone = find(call.state, call.id("id"));
        UUID hostId = call.id("hostId");
        String address = zone.members.get(hostId);
        if (address == null) {
            throw ApiException.emptyNotFound();
        }
        return call.ok(call.render.tunnelZoneHost(zone.id, hostId, address));
    }

    /** Adds a host: 404 for a missing zone or host, 409 with an empty body when it is a member already. */
    Reply addMember(Call call) {
        Body body = call.body();
        UUID hostId = body.uuid("hostId");
        if (hostId == null) {
            body.violation("hostId", "may not be null");
        }
        String address = body.ipv4("ipAddress", true, "is not a valid IP address");
        body.validate();
        SimTunnelZone zone = find(call.state, call.id("id"));
        if (!call.state.hosts.containsKey(hostId)) {
            throw ApiException.noSuch("Host", hostId);
        }
        if (zone.members.containsKey(hostId)) {
            throw ApiException.emptyConflict();
        }
        zone.members.put(hostId, address);
        call.state.touch();
        return call.created("/tunnel_zones/" + zone.id + "/hosts/" + hostId);
    }

    /** Removes a host: 404 with an empty body when it is not a member. */
    Reply removeMember(Call call) {
        SimTunnelZone zone = find(call.state, call.id("id"));
        if (zone.members.remove(call.id("hostId")) == null) {
            throw ApiException.emptyNotFound();
        }
        call.state.touch();
        return Reply.noContent();
    }

    static SimTunnelZone find(SimState state, UUID id) {
        SimTunnelZone zone = state.tunnelZones.get(id);
        if (zone == null) {
            throw ApiException.noSuch("TunnelZone", id);
        }
        return zone;
    }

    private static ObjectNode spec(Body body) {
        String type = body.string("type");
        if (type != null && !TYPES.contains(type)) {
            throw ApiException.badRequest("Can not construct instance of TunnelZone$TunnelZoneType from String value '"
                    + type + "': value not one of declared Enum instance names: " + TYPES);
        }
        if (type == null) {
            body.violation("type", "may not be null");
        }
        ObjectNode spec = Json.object();
        spec.put("name", body.requiredString("name", 1, 255));
        spec.put("type", type);
        body.validate();
        return spec;
    }

    private static void requireUniqueName(SimState state, ObjectNode spec) {
        String name = spec.get("name").asText();
        if (state.tunnelZones.values().stream().anyMatch(zone -> zone.name().equals(name))) {
            throw ApiException.conflict(NAME_EXISTS);
        }
    }
}

package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The emulator's own control API under /_admin, outside /midonet-api: no authentication, no faults, not counted.
 * All bodies are application/json.
 * <ul>
 *   <li>GET /_admin/state: everything stored, as JSON; POST /_admin/reset: clear all but the hosts, and the stats
 *   <li>GET /_admin/stats: the request counts ({@link SimStats}); DELETE /_admin/stats: zero them
 *   <li>GET /_admin/faults: the fault settings; PUT /_admin/faults: change those given
 *       ({@link Faults#update})
 *   <li>GET /_admin/hosts; POST /_admin/hosts {id?, name, alive?, addresses?}: add or replace a host;
 *       DELETE /_admin/hosts/{id}: remove one with its memberships and bindings
 * </ul>
 */
final class AdminApi {
    private final MidonetSim sim;

    AdminApi(MidonetSim sim) {
        this.sim = sim;
    }

    Reply handle(String method, String path, byte[] body, String apiBase) {
        String route = method + " " + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        switch (route) {
            case "GET /_admin":
                return json(200, index());
            case "GET /_admin/state":
                return json(200, sim.state().dump(apiBase));
            case "POST /_admin/reset":
                sim.reset();
                return Reply.noContent();
            case "GET /_admin/stats":
                return json(200, sim.stats().toJson());
            case "DELETE /_admin/stats":
                sim.resetStats();
                return Reply.noContent();
            case "GET /_admin/faults":
                return json(200, sim.faults().toJson());
            case "PUT /_admin/faults":
                try {
                    sim.faults().update(parse(body));
                } catch (IllegalArgumentException e) {
                    return error(400, e.getMessage());
                }
                return json(200, sim.faults().toJson());
            case "GET /_admin/hosts":
                return json(200, Json.array(sim.state().hosts().stream()
                        .map(h -> (JsonNode) Json.MAPPER.valueToTree(h)).toList()));
            case "POST /_admin/hosts":
                try {
                    SimHost host = HostSeeds.fromJson(parse(body), "host");
                    sim.addHost(host);
                    return json(200, Json.MAPPER.valueToTree(host));
                } catch (IllegalArgumentException e) {
                    return error(400, e.getMessage());
                }
            default:
                if (method.equals("DELETE") && path.startsWith("/_admin/hosts/")) {
                    try {
                        sim.removeHost(UUID.fromString(path.substring("/_admin/hosts/".length())));
                        return Reply.noContent();
                    } catch (IllegalArgumentException e) {
                        return error(400, "not a host id: " + path);
                    }
                }
                return error(404, "no admin operation " + route + "; GET /_admin lists them");
        }
    }

    private static ObjectNode index() {
        ObjectNode index = Json.object();
        index.put("GET /_admin/state", "everything stored");
        index.put("POST /_admin/reset", "clear everything but the hosts; zero the stats");
        index.put("GET /_admin/stats", "request counts");
        index.put("DELETE /_admin/stats", "zero the request counts");
        index.put("GET /_admin/faults", "fault settings");
        index.put("PUT /_admin/faults", "change fault settings: failRate, dropRate, latencyMillis, tokenTtlSeconds, "
                + "outageSeconds, seed");
        index.put("GET /_admin/hosts", "the hosts");
        index.put("POST /_admin/hosts", "add or replace a host: {id?, name, alive?, addresses?}");
        index.put("DELETE /_admin/hosts/{id}", "remove a host, its tunnel zone memberships and port bindings");
        return index;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
        }
    }

    private static Reply json(int status, JsonNode body) {
        return Reply.json(status, MediaTypes.JSON, Json.write(body));
    }

    private static Reply error(int status, String message) {
        ObjectNode error = Json.object();
        error.put("message", message);
        error.put("code", status);
        return json(status, error);
    }
}

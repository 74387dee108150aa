package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** /chains: GET, POST, DELETE; no PUT (reference §5.5). */
final class ChainResource {

    Reply list(Call call) {
        String tenant = call.query("tenant_id");
        return call.ok(call.state.chains.values().stream().filter(c -> Specs.tenantMatches(c.spec, tenant))
                .map(call.render::chain).toList());
    }

    Reply get(Call call) {
        return call.ok(call.render.chain(find(call.state, call.id("id"))));
    }

    Reply create(Call call) {
        Body body = call.body();
        UUID id = body.uuid("id");
        ObjectNode spec = Json.object();
        spec.put("tenantId", body.string("tenantId"));
        spec.put("name", body.string("name", 255));
        body.validate();
        if (id == null) {
            id = call.state.newId();
        } else if (call.state.chains.containsKey(id)) {
            throw ApiException.alreadyExists("Chain", id);
        }
        call.state.chains.put(id, new SimChain(id, spec));
        call.state.touch();
        return call.created("/chains/" + id);
    }

    /** Deleting a missing chain answers 404; see {@link SimState#deleteChain} for what goes with it. */
    Reply delete(Call call) {
        SimChain chain = find(call.state, call.id("id"));
        call.state.deleteChain(chain.id);
        return Reply.noContent();
    }

    static SimChain find(SimState state, UUID id) {
        SimChain chain = state.chains.get(id);
        if (chain == null) {
            throw ApiException.noSuch("Chain", id);
        }
        return chain;
    }
}

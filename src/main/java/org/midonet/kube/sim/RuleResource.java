package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** Rules: POST and GET under /chains/{id}/rules, GET and DELETE /rules/{id}; no PUT (reference §5.6). */
final class RuleResource {
    static final String POSITION_TOO_LARGE = "Position exceeds number of rules in chain";

    /** The chain's rules in order, positions recomputed. */
    Reply listOfChain(Call call) {
        SimChain chain = ChainResource.find(call.state, call.id("id"));
        return call.ok(chain.ruleIds.stream().map(id -> call.render.rule(call.state.rules.get(id))).toList());
    }

    Reply get(Call call) {
        return call.ok(call.render.rule(find(call.state, call.id("id"))));
    }

    /** Inserts at the 1-based position (default 1, the head); 1..n+1 are valid. */
    Reply create(Call call) {
        Body body = call.body();
        UUID id = body.uuid("id");
        String type = RuleParser.type(body);
        int position = RuleParser.position(body);
        ObjectNode spec = RuleParser.spec(body, type);
        body.validate();
        SimState state = call.state;
        SimChain chain = ChainResource.find(state, call.id("id"));
        if (position > chain.ruleIds.size() + 1) {
            throw ApiException.badRequest(POSITION_TOO_LARGE);
        }
        if (id == null) {
            id = state.newId();
        } else if (state.rules.containsKey(id)) {
            throw ApiException.alreadyExists("Rule", id);
        }
        UUID target = Specs.uuid(spec, "jumpChainId");
        if (target != null && !state.chains.containsKey(target)) {
            throw ApiException.noSuch("Chain", target);
        }
        state.rules.put(id, new SimRule(id, chain.id, spec));
        chain.ruleIds.add(position - 1, id);
        state.touch();
        return call.created("/rules/" + id);
    }

    /** Deleting a missing rule answers 404; later rules move up one position. */
    Reply delete(Call call) {
        SimRule rule = find(call.state, call.id("id"));
        call.state.deleteRule(rule.id);
        return Reply.noContent();
    }

    private static SimRule find(SimState state, UUID id) {
        SimRule rule = state.rules.get(id);
        if (rule == null) {
            throw ApiException.noSuch("Rule", id);
        }
        return rule;
    }
}

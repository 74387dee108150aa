package org.midonet.kube.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.sim.SimHttp.collection;
import static org.midonet.kube.sim.SimHttp.json;
import static org.midonet.kube.sim.SimHttp.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Chains and rules: ordering by position, immutability and the type-specific checks. */
class SimChainsTest extends SimTestBase {

    private List<String> ruleIds(UUID chain) {
        return http.getJson("/chains/" + chain + "/rules", collection("Rule-v2")).findValuesAsText("id");
    }

    private SimHttp.Response postRule(UUID chain, Object... fields) {
        return http.post("/chains/" + chain + "/rules", vendor("Rule-v2"), json(fields));
    }

    @Test
    void chainsAreCreatedReadListedAndCannotBeUpdated() {
        UUID chain = chain();
        JsonNode json = http.getJson("/chains/" + chain, vendor("Chain-v1"));
        assertThat(json.path("name").asText()).isEqualTo("c");
        assertThat(json.path("rules").asText()).endsWith("/chains/" + chain + "/rules");
        assertThat(http.getJson("/chains", collection("Chain-v1"))).hasSize(1);
        assertThat(http.put("/chains/" + chain, vendor("Chain-v1"), json("name", "x")).status()).isEqualTo(405);
        assertThat(http.delete("/chains/" + chain).status()).isEqualTo(204);
        assertThat(http.delete("/chains/" + chain).status()).isEqualTo(404);
    }

    @Test
    void aRuleWithoutPositionGoesToTheHeadAndPositionsAreRecomputed() {
        UUID chain = chain();
        UUID a = rule(chain, "accept", 1);
        UUID b = rule(chain, "drop", 2);
        UUID c = rule(chain, "return", 2);
        assertThat(ruleIds(chain)).containsExactly(a.toString(), c.toString(), b.toString());
        UUID head = http.create("/chains/" + chain + "/rules", "Rule-v2", json("id", id(), "type", "accept"));
        assertThat(ruleIds(chain)).containsExactly(head.toString(), a.toString(), c.toString(), b.toString());
        UUID zero = http.create("/chains/" + chain + "/rules", "Rule-v2", json("id", id(), "type", "drop", "position", 0));
        assertThat(ruleIds(chain).get(0)).isEqualTo(zero.toString());
        JsonNode list = http.getJson("/chains/" + chain + "/rules", collection("Rule-v2"));
        assertThat(list.findValues("position")).extracting(JsonNode::asInt).containsExactly(1, 2, 3, 4, 5);

        assertThat(http.delete("/rules/" + a).status()).isEqualTo(204);
        assertThat(http.getJson("/rules/" + b, vendor("Rule-v2")).path("position").asInt()).isEqualTo(4);
        assertThat(http.getJson("/rules/" + b, vendor("Rule-v2")).path("chainId").asText()).isEqualTo(chain.toString());
        assertThat(sim.state().ruleIds(chain)).containsExactly(zero, head, c, b);
    }

    @Test
    void thePositionMustBeWithinOneAndCountPlusOne() {
        UUID chain = chain();
        rule(chain, "accept", 1);
        SimHttp.Response tooFar = postRule(chain, "id", id(), "type", "accept", "position", 3);
        assertThat(tooFar.status()).isEqualTo(400);
        assertThat(tooFar.message()).isEqualTo("Position exceeds number of rules in chain");
        SimHttp.Response negative = postRule(chain, "id", id(), "type", "accept", "position", -1);
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().path("violations").get(0).path("message").asText())
                .isEqualTo("must be greater than or equal to 1");
        assertThat(postRule(chain, "id", id(), "type", "accept", "position", 2).status()).isEqualTo(201);
    }

    @Test
    void rulesAreImmutableReadByIdAndDeletedOnce() {
        UUID chain = chain();
        UUID rule = rule(chain, "drop", 1);
        assertThat(http.put("/rules/" + rule, vendor("Rule-v2"), json("type", "drop")).status()).isEqualTo(405);
        assertThat(http.get("/rules", collection("Rule-v2")).status()).isEqualTo(405);
        JsonNode json = http.getJson("/rules/" + rule, vendor("Rule-v2"));
        assertThat(json.path("type").asText()).isEqualTo("drop");
        assertThat(json.path("fragmentPolicy").asText()).isEqualTo("any");
        assertThat(json.has("nwSrcAddress")).isTrue();
        assertThat(json.path("condInvert").asBoolean()).isFalse();
        assertThat(http.delete("/rules/" + rule).status()).isEqualTo(204);
        assertThat(http.delete("/rules/" + rule).status()).isEqualTo(404);
    }

    @Test
    void rulesOnAMissingChainAre404AndTheSameIdTwice409() {
        UUID missing = id();
        SimHttp.Response reply = postRule(missing, "type", "accept");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.message()).isEqualTo("There is no Chain with ID " + missing + ".");
        UUID chain = chain();
        UUID rule = rule(chain, "accept", 1);
        assertThat(postRule(chain, "id", rule, "type", "accept").message())
                .isEqualTo("A(n) Rule with ID " + rule + " already exists.");
    }

    @Test
    void theTypeIsRequiredAndContinueIsNotOne() {
        UUID chain = chain();
        assertThat(postRule(chain, "id", id()).status()).isEqualTo(400);
        assertThat(postRule(chain, "id", id(), "type", "continue").status()).isEqualTo(400);
        assertThat(postRule(chain, "id", id(), "type", "ACCEPT").status()).isEqualTo(400);
    }

    @Test
    void aJumpNeedsAnExistingChain() {
        UUID chain = chain();
        SimHttp.Response noTarget = postRule(chain, "id", id(), "type", "jump");
        assertThat(noTarget.status()).isEqualTo(400);
        assertThat(noTarget.json().path("violations").get(0).path("property").asText()).isEqualTo("jumpChainId");
        UUID missing = id();
        SimHttp.Response unknown = postRule(chain, "id", id(), "type", "jump", "jumpChainId", missing);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.message()).isEqualTo("There is no Chain with ID " + missing + ".");
        UUID target = chain();
        UUID jump = http.create("/chains/" + chain + "/rules", "Rule-v2", json("id", id(), "type", "jump",
                "jumpChainId", target, "jumpChainName", "t"));
        assertThat(http.getJson("/rules/" + jump, vendor("Rule-v2")).path("jumpChainId").asText()).isEqualTo(target.toString());
    }

    @Test
    void natRulesNeedAFlowActionAndTargets() {
        UUID chain = chain();
        Map<String, Object> target = Map.of("addressFrom", "10.0.0.5", "addressTo", "10.0.0.5", "portFrom", 80, "portTo", 80);
        SimHttp.Response noAction = postRule(chain, "id", id(), "type", "dnat", "natTargets", List.of(target));
        assertThat(noAction.status()).isEqualTo(400);
        assertThat(noAction.json().path("violations").findValuesAsText("property")).containsExactly("flowAction");
        SimHttp.Response badAction = postRule(chain, "id", id(), "type", "snat", "flowAction", "drop",
                "natTargets", List.of(target));
        assertThat(badAction.status()).isEqualTo(400);
        SimHttp.Response noTargets = postRule(chain, "id", id(), "type", "dnat", "flowAction", "accept", "natTargets", List.of());
        assertThat(noTargets.status()).isEqualTo(400);
        assertThat(noTargets.json().path("violations").findValuesAsText("property")).containsExactly("natTargets");
        assertThat(postRule(chain, "id", id(), "type", "dnat", "flowAction", "accept").status()).isEqualTo(400);
        assertThat(postRule(chain, "id", id(), "type", "rev_dnat").status()).isEqualTo(400);
        assertThat(postRule(chain, "id", id(), "type", "rev_snat", "flowAction", "continue").status()).isEqualTo(201);
        UUID dnat = http.create("/chains/" + chain + "/rules", "Rule-v2", json("id", id(), "type", "dnat",
                "flowAction", "accept", "natTargets", List.of(target), "nwDstAddress", "10.96.0.1", "nwDstLength", 32));
        JsonNode json = http.getJson("/rules/" + dnat, vendor("Rule-v2"));
        assertThat(json.path("natTargets").get(0).path("portFrom").asInt()).isEqualTo(80);
        assertThat(json.path("fragmentPolicy").asText()).as("port NAT").isEqualTo("unfragmented");
    }

    @Test
    void theFragmentPolicyFollowsTheRulesKind() {
        UUID chain = chain();
        Map<String, Object> range = Map.of("start", 80, "end", 80);
        UUID l4 = http.create("/chains/" + chain + "/rules", "Rule-v2", json("id", id(), "type", "accept", "tpDst", range));
        assertThat(http.getJson("/rules/" + l4, vendor("Rule-v2")).path("fragmentPolicy").asText()).isEqualTo("header");
        SimHttp.Response l4Any = postRule(chain, "id", id(), "type", "accept", "tpDst", range, "fragmentPolicy", "any");
        assertThat(l4Any.status()).isEqualTo(400);
        assertThat(l4Any.json().path("violations").get(0).path("message").asText())
                .isEqualTo("For a rule with tpDst or tpSrc constraints, the fragmentPolicy must be 'header' or 'unfragmented'.");
        Map<String, Object> oneToOne = Map.of("addressFrom", "10.0.0.5", "addressTo", "10.0.0.5", "portFrom", 0, "portTo", 0);
        UUID pure = http.create("/chains/" + chain + "/rules", "Rule-v2", json("id", id(), "type", "snat",
                "flowAction", "accept", "natTargets", List.of(oneToOne)));
        assertThat(http.getJson("/rules/" + pure, vendor("Rule-v2")).path("fragmentPolicy").asText()).isEqualTo("any");
        SimHttp.Response natHeader = postRule(chain, "id", id(), "type", "snat", "flowAction", "accept",
                "natTargets", List.of(oneToOne, oneToOne), "fragmentPolicy", "header");
        assertThat(natHeader.json().path("violations").get(0).path("message").asText())
                .isEqualTo("For a NAT rule with port constraints or multiple targets, the fragmentPolicy must be"
                        + " 'unfragmented'.");
        SimHttp.Response unknown = postRule(chain, "id", id(), "type", "accept", "fragmentPolicy", "ANY");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.message()).startsWith("The valid options for fragmentPolicy are");
    }

    @Test
    void conditionValuesAreChecked() {
        UUID chain = chain();
        assertThat(postRule(chain, "id", id(), "type", "accept", "dlType", 0x0800).status()).isEqualTo(201);
        assertThat(postRule(chain, "id", id(), "type", "accept", "dlType", 0x0500).status()).isEqualTo(400);
        assertThat(postRule(chain, "id", id(), "type", "accept", "dlType", 0x10000).status()).isEqualTo(400);
        assertThat(postRule(chain, "id", id(), "type", "accept", "tpDst", Map.of("start", 0, "end", 80)).status())
                .isEqualTo(400);
        assertThat(postRule(chain, "id", id(), "type", "accept", "tpSrc", Map.of("start", 90, "end", 80)).status())
                .isEqualTo(400);
        assertThat(postRule(chain, "id", id(), "type", "accept", "tpDst", Map.of("start", 1, "end", 65536)).status())
                .isEqualTo(400);
        assertThat(postRule(chain, "id", id(), "type", "accept", "tpDst", Map.of("start", 80)).status())
                .as("an open range fails inside the validator").isEqualTo(500);
        assertThat(postRule(chain, "id", id(), "type", "accept", "nwSrcAddress", "10.0.0.256", "nwSrcLength", 32).status())
                .isEqualTo(400);
        assertThat(postRule(chain, "id", id(), "type", "accept", "nwSrcLength", 33).status()).isEqualTo(400);
        assertThat(postRule(chain, "id", id(), "type", "accept", "dlSrc", "02:00:00:00:00").status()).isEqualTo(400);
        assertThat(postRule(chain, "id", id(), "type", "accept", "dlSrcMask", "ffff.ffff").status()).isEqualTo(400);
        assertThat(postRule(chain, "id", id(), "type", "accept", "inPorts", List.of(id().toString())).status())
                .as("condition ids are not checked").isEqualTo(201);
        assertThat(sim.state().ruleIds(chain)).hasSize(2);
    }
}

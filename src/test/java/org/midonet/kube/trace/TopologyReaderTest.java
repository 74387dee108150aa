package org.midonet.kube.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The JSON of MidoNet's API, as real MidoNets of several versions answer it, read into the trace's model. */
class TopologyReaderTest {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void aRouterPortOfMidonet5_4_1AndLaterHasItsAddressInPortSubnet() throws Exception {
        Topology.Port port = TopologyReader.port(json("""
                {"id":"6f1f0c7e-0000-4000-8000-000000000001","type":"Router","deviceId":"6f1f0c7e-0000-4000-8000-000000000002",
                 "portSubnet":["2001:db8::1/64","10.1.2.1/24"],"portMac":"AC:CA:BA:00:00:01","peerId":null,\
                 "adminStateUp":true}"""));

        assertThat(port.address()).isEqualTo("10.1.2.1");
        assertThat(port.subnet().contains("10.1.2.200")).isTrue();
        assertThat(port.mac()).isEqualTo("ac:ca:ba:00:00:01");
        assertThat(port.interior()).isFalse();
    }

    @Test
    void anOlderRouterPortHasPortAddressAndNetworkLength() throws Exception {
        Topology.Port port = TopologyReader.port(json("""
                {"id":"6f1f0c7e-0000-4000-8000-000000000001","type":"Router","deviceId":"6f1f0c7e-0000-4000-8000-000000000002",
                 "portAddress":"10.1.2.1","networkAddress":"10.1.2.0","networkLength":24,"portMac":"ac:ca:ba:00:00:01"}"""));

        assertThat(port.address()).isEqualTo("10.1.2.1");
        assertThat(port.subnet()).hasToString("10.1.2.0/24");
        assertThat(port.adminUp()).as("adminStateUp defaults to true").isTrue();
    }

    @Test
    void aBoundBridgePortIsExterior() throws Exception {
        Topology.Port port = TopologyReader.port(json("""
                {"id":"6f1f0c7e-0000-4000-8000-000000000001","type":"Bridge","deviceId":"6f1f0c7e-0000-4000-8000-000000000002",
                 "hostId":"6f1f0c7e-0000-4000-8000-000000000003","interfaceName":"mido0123456789a","adminStateUp":false,
                 "outboundFilterId":"6f1f0c7e-0000-4000-8000-000000000004"}"""));

        assertThat(port.exterior()).isTrue();
        assertThat(port.adminUp()).isFalse();
        assertThat(port.outboundFilter()).isEqualTo(UUID.fromString("6f1f0c7e-0000-4000-8000-000000000004"));
    }

    @Test
    void aRuleKeepsEveryConditionItCanEvaluateAndNamesTheOthers() throws Exception {
        Topology.Rule rule = TopologyReader.rule(UUID.randomUUID(), json("""
                {"id":"6f1f0c7e-0000-4000-8000-000000000001","type":"dnat","position":3,"flowAction":"continue",
                 "condInvert":false,"dlType":2048,"nwDstAddress":"10.96.0.10","nwDstLength":32,"invNwDst":false,
                 "nwProto":17,"tpDst":{"start":53,"end":53},"tpSrc":null,"portGroup":"6f1f0c7e-0000-4000-8000-000000000009",
                 "inPorts":["6f1f0c7e-0000-4000-8000-000000000005"],"invInPorts":true,"fragmentPolicy":"unfragmented",
                 "natTargets":[{"addressFrom":"10.1.0.10","addressTo":"10.1.0.10","portFrom":53,"portTo":53}]}"""));

        assertThat(rule.position()).isEqualTo(3);
        assertThat(rule.natTargets()).singleElement().satisfies(t -> assertThat(t.portFrom()).isEqualTo(53));
        Condition c = rule.condition();
        assertThat(c.nwDst()).hasToString("10.96.0.10/32");
        assertThat(c.tpDst().contains(53)).isTrue();
        assertThat(c.tpSrc()).isNull();
        assertThat(c.invInPorts()).isTrue();
        assertThat(c.unmodelled()).containsExactly("portGroup");
        assertThat(c.describe())
                .contains("in-port not", "ipv4", "dst 10.96.0.10/32", "udp", "dport 53", "[not modelled: portGroup]");
    }

    @Test
    void aRouteWithoutSourceMatchesEverySource() throws Exception {
        Topology.Route route = TopologyReader.route(UUID.randomUUID(), json("""
                {"id":"6f1f0c7e-0000-4000-8000-000000000001","dstNetworkAddr":"10.1.2.0","dstNetworkLength":24,
                 "nextHopPort":"6f1f0c7e-0000-4000-8000-000000000002","type":"Normal","weight":100}"""));

        assertThat(route.source().contains("192.0.2.7")).isTrue();
        assertThat(route.weight()).isEqualTo(100);
        assertThat(route.nextHopGateway()).isNull();
    }
}

package org.midonet.kube.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.facts.NodeFact;

class NodeNetworkTest {
    private final NodeNetwork network = new NodeNetwork(Cidr.parse("10.1.7.0/24"), Cidr.parse("10.1.0.0/16"),
            Cidr.parse("10.96.0.0/12"));

    @Test
    void takesTheAddressesTheControllersDerive() {
        NodeFact fact = new NodeFact("n", "uid", null, Cidr.parse("10.1.7.0/24"), List.of(), null, null, null);
        assertThat(network.gateway()).isEqualTo(fact.gatewayIp()).isEqualTo("10.1.7.1");
        assertThat(network.nodeIp()).isEqualTo(fact.nodeIp()).isEqualTo("10.1.7.2");
        assertThat(network.nodeAddress()).isEqualTo("10.1.7.2/24");
        assertThat(network.firstPodIp()).isEqualTo("10.1.7.3");
    }

    @Test
    void routesTheClusterAndTheServicesThroughTheGateway() {
        assertThat(network.routes()).containsExactly(new KernelRoute("10.1.0.0/16", "10.1.7.1", "midokube-node"),
                new KernelRoute("10.96.0.0/12", "10.1.7.1", "midokube-node"));
    }

    @Test
    void refusesAPodCidrWithNoRoomForPods() {
        assertThatThrownBy(() -> new NodeNetwork(Cidr.parse("10.1.7.0/30"), Cidr.parse("10.1.0.0/16"),
                Cidr.parse("10.96.0.0/12")))
                .hasMessageContaining("too small");
    }
}

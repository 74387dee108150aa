package org.midonet.kube.controller.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.midonet.model.HostInterfacePort;
import org.midonet.kube.midonet.model.Ip4MacPair;
import org.midonet.kube.midonet.model.MacPort;
import org.midonet.kube.midonet.model.ResourceKind;

class MidonetListingsTest {
    private static final UUID BRIDGE = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
    private static final UUID PORT = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anItemIsKeyedAsItsResourceWhateverTheCaseMidonetWritesItIn() throws Exception {
        assertThat(MidonetListings.keyOf(ResourceKind.MAC_PORT, JSON.readTree(
                "{\"macAddr\":\"02:00:0A:01:00:0A\",\"portId\":\"" + PORT + "\",\"vlanId\":0,\"uri\":\"x\"}")))
                .isEqualTo(new MacPort(BRIDGE, "02:00:0a:01:00:0a", PORT).key());
        assertThat(MidonetListings.keyOf(ResourceKind.IPV4_MAC_PAIR,
                JSON.readTree("{\"ip\":\"10.1.0.10\",\"mac\":\"02:00:0a:01:00:0a\"}")))
                .isEqualTo(new Ip4MacPair(BRIDGE, "10.1.0.10", "02:00:0a:01:00:0a").key());
        assertThat(MidonetListings.keyOf(ResourceKind.HOST_INTERFACE_PORT, JSON.readTree(
                "{\"hostId\":\"" + BRIDGE + "\",\"portId\":\"" + PORT.toString().toUpperCase()
                        + "\",\"interfaceName\":\"veth1\"}")))
                .isEqualTo(new HostInterfacePort(BRIDGE, PORT, "veth1").key());
        assertThat(MidonetListings.keyOf(ResourceKind.RULE, JSON.readTree("{\"id\":\"" + PORT + "\",\"type\":\"dnat\"}")))
                .isEqualTo(PORT.toString());
    }
}

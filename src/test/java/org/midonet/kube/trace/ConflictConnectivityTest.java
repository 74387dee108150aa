package org.midonet.kube.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.trace.ConnectivityTest.assertDelivered;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.midonet.kube.testing.K8s;

/**
 * Conflicts (rules/conflicts.drl) traced through the emulator: an object that reuses another's address does
 * not take its traffic. The sample objects have no creationTimestamp, so the name decides: "zz-..." is newer.
 */
class ConflictConnectivityTest {

    @Test
    void aPodReusingAnotherPodsIpDoesNotTakeItsTraffic() throws Exception {
        try (SampleNetwork network = SampleNetwork.ours()) {
            Pod web = network.sample(Pod.class, "default", "web-7c9f8d6b5-2lq8n");
            Pod thief = new PodBuilder(web).editMetadata().withName("zz-thief").withUid(K8s.uid("pod/default/zz-thief"))
                    .addToAnnotations("midonet.org/mac-address", "aa:bb:cc:dd:ee:99").endMetadata().build();

            network.change(thief);

            List<Tracer.Outcome> outcomes = network.send("pod/default/shop-6f7d9c8b4-k2j9x", "10.1.1.20:8080", Packet.TCP);
            assertThat(outcomes).singleElement()
                    .satisfies(o -> assertDelivered(o, "pod default/web-7c9f8d6b5-2lq8n", "10.1.0.20", "10.1.1.20:8080"));
        }
    }

    @Test
    void aServiceReusingKubeDnssClusterIpDoesNotTakeItsTraffic() throws Exception {
        try (SampleNetwork network = SampleNetwork.ours()) {
            // the namespace is part of the name compared: "kube-system/zz-thief" comes after "kube-system/kube-dns"
            network.change(K8s.service("kube-system", "zz-thief", "10.96.0.10", K8s.port("dns", "UDP", 53)),
                    K8s.slice("kube-system", "zz-thief", "zz-thief-1", List.of("10.1.2.30"), "dns/UDP/53"));

            List<Tracer.Outcome> outcomes = network.send("pod/default/web-7c9f8d6b5-2lq8n", "10.96.0.10:53", Packet.UDP);
            assertThat(outcomes).isNotEmpty().allSatisfy(o -> assertThat(o.forward().deliveries())
                    .isNotEmpty().allSatisfy(d -> assertThat(d.label()).startsWith("pod kube-system/coredns-")));
        }
    }
}

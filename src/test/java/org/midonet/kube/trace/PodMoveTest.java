package org.midonet.kube.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.trace.ConnectivityTest.assertDelivered;
import static org.midonet.kube.trace.ConnectivityTest.assertRepliedTo;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Pod that comes back under its name on another node, as a StatefulSet's Pod does: its MidoNet port keeps its
 * id (derived from the name) but belongs to another node's bridge, which MidoNet does not let a port change, so
 * the port is replaced, and traffic reaches the Pod where it now runs.
 */
class PodMoveTest {

    @Test
    void aStatefulPodRescheduledOnAnotherNodeIsReachedThere() throws Exception {
        try (SampleNetwork network = SampleNetwork.ours()) {
            Pod db = network.sample(Pod.class, "default", "db-0");
            assertThat(db.getSpec().getNodeName()).isEqualTo("worker-2");
            Pod moved = new PodBuilder(db).editSpec().withNodeName("worker-1").endSpec()
                    .editStatus().withPodIP("10.1.1.30").withPodIPs(new PodIP("10.1.1.30")).endStatus().build();

            network.change(moved);

            List<Tracer.Outcome> fromWorker1 = network.send("pod/default/web-7c9f8d6b5-2lq8n", "10.1.1.30:5432", Packet.TCP);
            assertThat(fromWorker1).singleElement().satisfies(o -> {
                assertDelivered(o, "pod default/db-0", "10.1.1.20", "10.1.1.30:5432");
                assertRepliedTo(o, "pod default/web-7c9f8d6b5-2lq8n", "10.1.1.30:5432");
            });
            List<Tracer.Outcome> fromMaster = network.send("pod/default/shop-6f7d9c8b4-k2j9x", "10.1.1.30:5432", Packet.TCP);
            assertThat(fromMaster).singleElement()
                    .satisfies(o -> assertDelivered(o, "pod default/db-0", "10.1.0.20", "10.1.1.30:5432"));
            assertThat(network.send("pod/default/web-7c9f8d6b5-2lq8n", "10.1.2.30:5432", Packet.TCP))
                    .as("its address on the node it left").allSatisfy(o -> assertThat(o.forward().delivered()).isFalse());
        }
    }
}

package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.midonet.kube.controller.ops.ReadinessCheck;
import org.midonet.kube.node.NodeAgent;

class NodeProbesTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Duration PERIOD = Duration.ofSeconds(30);

    @Test
    void readyOnceTheLastCheckPassed() {
        assertThat(NodeProbes.readiness(null)).isEqualTo(ReadinessCheck.Status.notReady("setting up the node"));
        assertThat(NodeProbes.readiness(new NodeAgent.Check(NOW, "Node worker-1 has no spec.podCIDR")).reason())
                .isEqualTo("Node worker-1 has no spec.podCIDR");
        assertThat(NodeProbes.readiness(new NodeAgent.Check(NOW, null)).ready()).isTrue();
    }

    @Test
    void aliveWhileTheChecksGoOnWhateverTheyFind() {
        assertThat(NodeProbes.liveness(null, PERIOD, NOW).ready()).as("setting up").isTrue();
        assertThat(NodeProbes.liveness(new NodeAgent.Check(NOW.minusSeconds(100), "no pod CIDR"), PERIOD, NOW).ready()).isTrue();
        ReadinessCheck.Status stuck = NodeProbes.liveness(new NodeAgent.Check(NOW.minusSeconds(121), null), PERIOD, NOW);
        assertThat(stuck.ready()).isFalse();
        assertThat(stuck.reason()).isEqualTo("the node was last checked 121 s ago (every 30 s expected)");
    }
}

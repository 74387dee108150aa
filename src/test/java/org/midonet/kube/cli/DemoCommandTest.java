package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The demo, as a new user runs it: everything in one process, converged, summarised. */
class DemoCommandTest {
    @Test
    void convergesOnTheSamplesAndSaysHowLongItTook() {
        CommandRun run = CommandRun.of("demo", "--once", "--kube-port", "0", "--midonet-port", "0", "--metrics-port", "0");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("Converged in \\d+\\.\\d s: MidoNet holds every Translation")
                .contains("Translations by owner (30)", "Node         16", "Pod           7", "Service       4",
                        "Bridge                3", "MidoNet writes: 113", "Cluster CIDR: 10.1.0.0/16",
                        "kubectl --server http://127.0.0.1:");
    }

    @Test
    void theNodesOutsideAGivenClusterCidrAreNotTranslatedAndTheDemoStillConverges() {
        CommandRun run = CommandRun.of("demo", "--once", "--kube-port", "0", "--midonet-port", "0", "--metrics-port", "0",
                "--cluster-cidr", "10.1.0.0/24");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("Converged in \\d+\\.\\d s: MidoNet holds every Translation")
                .contains("Cluster CIDR: 10.1.0.0/24", "Translations by owner (14)", "Node          5", "Pod           2");
    }
}

package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.midonet.kube.controller.ops.ReadinessCheck;

class ControllersCommandTest {

    @Test
    void refusesAPusherThatWouldPushNothing() {
        CommandRun run = CommandRun.of("controllers", "--pusher-parallelism", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--pusher-parallelism: at least 1 Translation at a time, not 0");
    }

    @Test
    void saysWhatANonNumberIs() {
        CommandRun run = CommandRun.of("controllers", "--pusher-parallelism", "many");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--pusher-parallelism").contains("many");
    }

    @Test
    void theMetricsAddressAndTheDebugEndpointsAreOptions() {
        CommandRun run = CommandRun.of("controllers", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--metrics-bind=ADDRESS", "Default: 0.0.0.0", "--debug-endpoints",
                "loopback clients only");
    }

    @Test
    void readinessNamesTheReasonsOfBothChecks() {
        ReadinessCheck ok = ReadinessCheck.alwaysReady();
        ReadinessCheck credentials = () -> ReadinessCheck.Status.notReady("MidoNet refuses the credentials");
        ReadinessCheck listing = () -> ReadinessCheck.Status.notReady("translation: listing");
        assertThat(ControllersCommand.both(ok, ok).check().ready()).isTrue();
        assertThat(ControllersCommand.both(credentials, ok).check().reason()).isEqualTo("MidoNet refuses the credentials");
        assertThat(ControllersCommand.both(ok, listing).check().reason()).isEqualTo("translation: listing");
        assertThat(ControllersCommand.both(credentials, listing).check().reason())
                .isEqualTo("MidoNet refuses the credentials; translation: listing");
    }
}

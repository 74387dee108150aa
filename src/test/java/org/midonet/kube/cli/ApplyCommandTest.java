package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;

class ApplyCommandTest {
    private MidonetSim sim;

    @BeforeEach
    void start() throws Exception {
        SimOptions.Builder options = SimOptions.builder().port(0);
        for (int i = 1; i <= 3; i++) {
            String name = i == 1 ? "master-1" : "worker-" + (i - 1);
            options.host(new SimHost(UUID.fromString("3f6c1f6e-2f6b-4a35-9d6e-0c1d2e3f4a0" + i), name, true, List.of()));
        }
        sim = MidonetSim.start(options.build());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private CommandRun apply() {
        return applyTo(sim.apiUri().toString());
    }

    private static CommandRun applyTo(String api, String... extra) {
        List<String> args = new ArrayList<>(List.of("apply", "-f", "samples/", "--midonet-api", api,
                "--midonet-password", "secret"));
        args.addAll(List.of(extra));
        return CommandRun.of(args.toArray(String[]::new));
    }

    @Test
    void appliesTheSamplesOnceAndAdoptsThemTheSecondTime() {
        CommandRun first = apply();
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("30 Translations applied", "113 objects created, 0 updated, 0 deleted, 0 already there");
        assertThat(sim.stats().writes()).isEqualTo(113);
        // a Translation retried after waiting for another's object redoes nothing: nothing is "already there"

        CommandRun second = apply();
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("0 objects created, 0 updated, 0 deleted, 113 already there");
        assertThat(sim.stats().writes()).isEqualTo(113);
    }

    @Test
    void reportsAMidonetThatCannotBeReachedAndFails() {
        String api = sim.apiUri().toString();
        sim.close();
        CommandRun run = applyTo(api);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot use the MidoNet API at " + api, "no answer from");
    }

    @Test
    void anEmptyPasswordIsRefusedByMidonetAndSaidSo() {
        CommandRun run = CommandRun.of("apply", "-f", "samples/nodes.yaml", "--midonet-api", sim.apiUri().toString(),
                "--midonet-password", "");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("login as admin refused");
    }
}

package org.midonet.kube.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midonet.kube.cli.Main;

/**
 * The bench command runs end to end on a tiny cluster and says what it measured; a smoke test, not a timed
 * one: no number is checked against a goal, only that every phase completed and the counts add up.
 */
class BenchSmokeTest {
    @Test
    void runsEveryScenarioOnATinyCluster(@TempDir Path out) throws Exception {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), "bench", "--services", "5",
                "--nodes", "3", "--pods-per-node", "10", "--namespaces", "2", "--changes", "5", "--warmup", "1",
                "--service-ops", "2", "--latency-ms", "0", "--out", out.toString());
        assertThat(code).as(stderr.toString()).isZero();
        assertThat(stderr.toString()).contains("cold apply done", "endpoint change:", "restart: ready");
        assertThat(stdout.toString()).contains("### Measurements", "### Goals", "| 5 × 2 × 10 |");

        List<BenchResult> results = BenchReport.readCsv(out.resolve("bench.csv"));
        assertThat(results).hasSize(1);
        BenchResult r = results.get(0);
        assertThat(r.value("cold_start.complete")).isEqualTo(1);
        assertThat(r.value("cold_apply.midonet_writes")).isEqualTo(r.value("cold_apply.minimum_writes")).isPositive();
        assertThat(r.value("endpoint_change.count")).isEqualTo(5);
        assertThat(r.value("endpoint_change.timed_out")).isZero();
        assertThat(r.value("endpoint_change.midonet_writes")).isEqualTo(r.value("endpoint_change.minimum_writes"));
        assertThat(r.value("service_add.midonet_writes")).isEqualTo(r.value("service_add.minimum_writes"));
        assertThat(r.value("restart.ready")).isEqualTo(1);
        assertThat(r.value("restart.midonet_writes")).isZero();
        assertThat(r.value("resync.midonet_writes")).isZero();
        assertThat(r.value("resync.midonet_calls")).isPositive().isLessThan(r.value("midonet_objects"));
        assertThat(r.value("original.translations")).isGreaterThan(r.value("translations"));
        assertThat(r.value("original.endpoint_change.calls")).isEqualTo(16); // 2 ports × (4 DELETEs + 4 POSTs)
        assertThat(Files.readString(out.resolve("bench.svg"))).startsWith("<svg");
        assertThat(Files.readString(out.resolve("bench.md"))).contains("### Against the original's scheme");
    }
}

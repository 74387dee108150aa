package org.midonet.kube.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The pure parts of the benchmark: percentiles, number formats, CSV, the Markdown tables and the plot. */
class BenchReportTest {
    private static final BenchShape SMALL = new BenchShape(100, 2, 10, 10, 110, 5, 42);
    private static final BenchShape LARGE = new BenchShape(10_000, 2, 10, 100, 110, 50, 42);

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertThat(BenchResult.percentile(sorted, 0.5)).isEqualTo(5);
        assertThat(BenchResult.percentile(sorted, 0.99)).isEqualTo(10);
        assertThat(BenchResult.percentile(sorted, 0.1)).isEqualTo(1);
        assertThat(BenchResult.percentile(new long[] {7}, 0.99)).isEqualTo(7);
        assertThatThrownBy(() -> BenchResult.percentile(new long[0], 0.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latenciesAreSummarisedInMilliseconds() {
        BenchResult r = new BenchResult(SMALL, 2);
        long[] nanos = new long[100];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms, unsorted
        }
        r.latencies("change", nanos);
        assertThat(r.value("change.count")).isEqualTo(100);
        assertThat(r.value("change.p50_ms")).isEqualTo(50);
        assertThat(r.value("change.p99_ms")).isEqualTo(99);
        assertThat(r.value("change.max_ms")).isEqualTo(100);
        assertThat(r.value("change.mean_ms")).isEqualTo(50.5);
        assertThat(r.value("absent")).isNaN();
    }

    @Test
    void formatsNumbersForCsvAndTables() {
        assertThat(BenchResult.format(42)).isEqualTo("42");
        assertThat(BenchResult.format(1.5)).isEqualTo("1.5");
        assertThat(BenchResult.format(2.0 / 3)).isEqualTo("0.667");
        assertThat(BenchResult.format(Double.NaN)).isEmpty();
        assertThat(BenchReport.count(1234567)).isEqualTo("1,234,567");
        assertThat(BenchReport.fixed(1234.567, 1)).isEqualTo("1,234.6");
        assertThat(BenchReport.fixed(Double.NaN, 1)).isEqualTo("–");
    }

    @Test
    void csvReadsBackWhatItWrote() {
        BenchResult small = result(SMALL, 120, 30);
        BenchResult large = result(LARGE, 1900, 250);
        String csv = BenchReport.csv(List.of(small, large));
        assertThat(csv).startsWith(BenchReport.CSV_HEADER + "\n")
                .contains("100,2,10,10,110,5,42,2,cold_translation.ms,120,ms");

        List<BenchResult> read = BenchReport.parseCsv(csv);
        assertThat(read).hasSize(2);
        assertThat(read.get(1).shape()).isEqualTo(LARGE);
        assertThat(read.get(1).latencyMillis()).isEqualTo(2);
        assertThat(read.get(1).value("cold_translation.ms")).isEqualTo(1900);
        assertThat(read.get(0).value("endpoint_change.p99_ms")).isEqualTo(30);
        assertThat(BenchReport.csv(read)).isEqualTo(csv);
        assertThatThrownBy(() -> BenchReport.parseCsv("a,b\n1,2\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void markdownHasTheMeasurementsTheOriginalAndTheGoals() {
        BenchResult small = result(SMALL, 120, 30);
        BenchResult large = result(LARGE, 2500, 250);
        large.put("restart.midonet_writes", 3, "writes");
        String md = BenchReport.markdown(List.of(small, large));
        assertThat(md).contains("| | 100 × 2 × 10 | 10,000 × 2 × 10 |")
                .contains("| cold translation (ms) | 120 | 2,500 |")
                .contains("| endpoint change: MidoNet writes / minimum | 4.00 / 4.00 | 4.00 / 4.00 |")
                .contains("| Translations: ours / original | 500 / 2,500 |")
                .contains("| cold translation time | ≤ 2000 ms | 120 met | 2500 **not met** |")
                .contains("| MidoNet writes on an unchanged restart | ≤ 0 writes | 0 met | 3 **not met** |")
                .contains("| MidoNet writes = minimum (cold, endpoint, add, delete) | = | met | met |")
                .doesNotContain("Service add"); // not measured: no row
    }

    @Test
    void plotsTimeAndMemoryAgainstServicesOnLogScales() {
        BenchResult huge = result(new BenchShape(1, 2, 1000, 100, 110, 50, 42), 50, 40);
        String svg = SvgPlot.of(List.of(result(SMALL, 120, 30), result(LARGE, 1900, 250), huge));
        assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("Services (log scale)", "time (s), log scale",
                "memory (MiB), log scale", "cold translation", "2 ports, 10 endpoints each");
        assertThat(SvgPlot.mainShape(List.of(huge, result(SMALL, 1, 1), result(LARGE, 1, 1))))
                .extracting(r -> r.shape().services()).containsExactly(100, 10_000);
        assertThat(SvgPlot.scale(1000, 100, 10_000, 400)).isEqualTo(200, Offset.offset(1e-9));
        assertThat(SvgPlot.decadeBelow(250)).isEqualTo(100);
        assertThat(SvgPlot.decadeAbove(250)).isEqualTo(1000);
    }

    private static BenchResult result(BenchShape shape, double coldMs, double p99) {
        BenchResult r = new BenchResult(shape, 2);
        r.put("translations", shape.services() * 5, "count");
        r.put("original.translations", shape.services() * 25, "count");
        r.put("cold_translation.ms", coldMs, "ms");
        r.put("cold_translation.heap_mib", shape.services() / 100.0, "MiB");
        r.put("cold_apply.seconds", shape.services() / 500.0, "s");
        r.put("cold_apply.midonet_writes", shape.services() * 6, "writes");
        r.put("cold_apply.minimum_writes", shape.services() * 6, "writes");
        r.put("endpoint_change.p50_ms", p99 / 2, "ms");
        r.put("endpoint_change.p99_ms", p99, "ms");
        r.put("endpoint_change.max_ms", p99 * 1.5, "ms");
        r.put("endpoint_change.midonet_writes", 4, "per change");
        r.put("endpoint_change.minimum_writes", 4, "per change");
        r.put("restart.midonet_writes", 0, "writes");
        return r;
    }
}

package org.midonet.kube.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A plain SVG plot of how the cost grows with the number of Services: two log-log panels, time (seconds) and
 * memory (MiB), one line per metric over the results of the most frequent shape (same ports and endpoints per
 * Service). No dependency; the text is deterministic for the same results.
 */
final class SvgPlot {
    private static final int PANEL_W = 420;
    private static final int PANEL_H = 300;
    private static final int LEFT = 60;
    private static final int TOP = 40;
    private static final int GAP = 90;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

    /** A line: a metric, its legend and how to convert the metric to the panel's unit. */
    record Series(String metric, String legend, double scale) {
    }

    static final List<Series> TIME = List.of(
            new Series("cold_translation.ms", "cold translation", 0.001),
            new Series("cold_start.translations_written_s", "Translations written (cold start)", 1),
            new Series("cold_apply.seconds", "MidoNet holds everything (cold start)", 1),
            new Series("restart.ready_seconds", "ready after an unchanged restart", 1),
            new Series("endpoint_change.p99_ms", "endpoint change p99", 0.001));
    static final List<Series> MEMORY = List.of(
            new Series("cold_translation.heap_mib", "heap retained by the translation", 1),
            new Series("process.heap_mib", "whole process (fake API server, emulator, controllers)", 1));

    private SvgPlot() {
    }

    static String of(List<BenchResult> all) {
        List<BenchResult> results = mainShape(all);
        StringBuilder svg = new StringBuilder();
        int width = LEFT + 2 * PANEL_W + GAP + 30;
        int height = TOP + PANEL_H + 60 + 18 * Math.max(TIME.size(), MEMORY.size());
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        String title = results.isEmpty() ? "no results" : String.format(Locale.ROOT,
                "Cost against the number of Services (%d ports, %d endpoints each; MidoNet latency %d ms)",
                results.get(0).shape().ports(), results.get(0).shape().endpoints(), results.get(0).latencyMillis());
        svg.append(text(LEFT, 20, title, "start", 14));
        panel(svg, results, TIME, "time (s)", LEFT, TOP);
        panel(svg, results, MEMORY, "memory (MiB)", LEFT + PANEL_W + GAP, TOP);
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The results whose ports and endpoints are the most frequent among them, by number of Services. */
    static List<BenchResult> mainShape(List<BenchResult> all) {
        Map<String, List<BenchResult>> byShape = all.stream().collect(Collectors.groupingBy(
                r -> r.shape().ports() + "x" + r.shape().endpoints()));
        return byShape.values().stream().max(Comparator.comparingInt(List::size)).orElse(List.of()).stream()
                .sorted(Comparator.comparingInt(r -> r.shape().services())).toList();
    }

    private static void panel(StringBuilder svg, List<BenchResult> results, List<Series> series, String yLabel, int x0, int y0) {
        List<Double> xs = results.stream().map(r -> (double) r.shape().services()).toList();
        List<Double> ys = new ArrayList<>();
        for (Series s : series) {
            for (BenchResult r : results) {
                double v = r.value(s.metric()) * s.scale();
                if (v > 0) {
                    ys.add(v);
                }
            }
        }
        double xMin = decadeBelow(xs.stream().mapToDouble(d -> d).min().orElse(1));
        double xMax = decadeAbove(xs.stream().mapToDouble(d -> d).max().orElse(10));
        double yMin = decadeBelow(ys.stream().mapToDouble(d -> d).min().orElse(1));
        double yMax = decadeAbove(ys.stream().mapToDouble(d -> d).max().orElse(10));
        if (xMax <= xMin) {
            xMax = xMin * 10;
        }
        if (yMax <= yMin) {
            yMax = yMin * 10;
        }
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"black\"/>%n",
                x0, y0, PANEL_W, PANEL_H));
        for (double d = xMin; d <= xMax * 1.001; d *= 10) {
            double x = x0 + scale(d, xMin, xMax, PANEL_W);
            svg.append(line(x, y0, x, y0 + PANEL_H, "#dddddd"));
            svg.append(text(x, y0 + PANEL_H + 15, label(d), "middle", 11));
        }
        for (double d = yMin; d <= yMax * 1.001; d *= 10) {
            double y = y0 + PANEL_H - scale(d, yMin, yMax, PANEL_H);
            svg.append(line(x0, y, x0 + PANEL_W, y, "#dddddd"));
            svg.append(text(x0 - 5, y + 4, label(d), "end", 11));
        }
        svg.append(text(x0 + PANEL_W / 2.0, y0 + PANEL_H + 32, "Services (log scale)", "middle", 12));
        svg.append(text(x0, y0 - 8, yLabel + ", log scale", "start", 12));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (BenchResult r : results) {
                double v = r.value(s.metric()) * s.scale();
                if (!(v > 0)) {
                    continue;
                }
                double x = x0 + scale(r.shape().services(), xMin, xMax, PANEL_W);
                double y = y0 + PANEL_H - scale(v, yMin, yMax, PANEL_H);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", x, y, colour));
            }
            if (!points.isEmpty()) {
                svg.append(String.format(Locale.ROOT,
                        "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                        points.toString().trim(), colour));
            }
            double ly = y0 + PANEL_H + 52 + 18 * i;
            svg.append(line(x0, ly - 4, x0 + 20, ly - 4, colour));
            svg.append(text(x0 + 26, ly, s.legend(), "start", 11));
        }
    }

    static double scale(double v, double min, double max, double size) {
        return (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) * size;
    }

    static double decadeBelow(double v) {
        return Math.pow(10, Math.floor(Math.log10(v)));
    }

    static double decadeAbove(double v) {
        return Math.pow(10, Math.ceil(Math.log10(v)));
    }

    private static String label(double d) {
        return d >= 1 ? String.format(Locale.ROOT, "%,d", Math.round(d)) : BenchResult.format(d);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%s\"/>%n",
                x1, y1, x2, y2, colour, colour.equals("#dddddd") ? "1" : "2");
    }

    private static String text(double x, double y, String s, String anchor, int size) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n", x, y,
                anchor, size, s.replace("&", "&amp;").replace("<", "&lt;"));
    }
}

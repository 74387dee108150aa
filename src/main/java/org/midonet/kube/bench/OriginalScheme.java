package org.midonet.kube.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.kie.api.KieBase;
import org.midonet.kube.facts.FactMapper;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.RuleSource;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/**
 * The original midonet-kubernetes' scheme on the same shapes, computed by translation, not measured against
 * MidoNet: the built-in rules with the original's {@code service.drl}, per-endpoint {@code endpoints.drl} and
 * {@code pod-mac.drl} in place of ours (examples/rules/original-endpoints: per Service port a Translation for
 * the jump, per Service port and endpoint a chain, a jump to it, a DNAT and an SNAT, in a Translation of its
 * own, per Pod a Translation for its MAC entry and one for its ARP entry). It replays the benchmark's changes on a
 * cluster built from the same seed and counts, with {@link ChangeCost}, the Translations and MidoNet objects it
 * derives and the calls its pusher makes: every resource of a Translation POSTed on its creation and on every
 * update, DELETEd on its deletion, and everything POSTed again on every restart.
 */
final class OriginalScheme {
    static final String RULES = "bench/original-endpoints/";
    private static final List<String> FILES = List.of("service.drl", "endpoints.drl", "pod-mac.drl");

    private OriginalScheme() {
    }

    /** The built-in rules with the original's groupings in place of ours. */
    static KieBase rules() {
        List<RuleSource> originals = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = OriginalScheme.class.getClassLoader().getResourceAsStream(RULES + file)) {
                if (in == null) {
                    throw new IllegalStateException("the original scheme's rules are missing from the classpath: " + RULES
                            + file);
                }
                originals.add(new RuleSource(file, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return RuleBase.compile(RuleSource.overlay(RuleSource.builtIn(), originals));
    }

    /**
     * Translates a cluster of the shape with the original's scheme and replays the workload on it, recording
     * {@code original.*} metrics in the result.
     */
    static void measure(BenchShape shape, boolean withPods, Workload workload, String tenant, BenchResult result,
            Progress progress) {
        KieBase rules = rules();
        SyntheticCluster cluster = shape.cluster(withPods);
        try (TranslationEngine engine = new TranslationEngine(rules, tenant)) {
            engine.apply(cluster.all());
            SortedMap<TranslationId, List<MidonetResource>> all = engine.translations();
            ChangeCost cold = ChangeCost.cold(all);
            result.put("original.translations", all.size(), "count");
            result.put("original.objects", cold.minimumWrites(), "count");
            result.put("original.largest_translation.resources", all.values().stream().mapToInt(List::size).max().orElse(0),
                    "count");
            result.put("original.cold.calls", cold.rePushCalls(), "calls");
            result.put("original.restart.calls", cold.rePushCalls(), "calls");
            progress.line("original scheme: %,d Translations, %,d MidoNet objects", all.size(), cold.minimumWrites());
            all = null;

            ChangeCost changes = ChangeCost.NONE;
            for (int i = 0; i < workload.warmup() + workload.changes(); i++) {
                ChangeCost c = ChangeCost.of(engine.apply(List.of(workload.endpointChange(cluster))));
                if (i >= workload.warmup()) {
                    changes = changes.plus(c);
                }
            }
            record(result, "original.endpoint_change", changes, workload.changes());
            ChangeCost adds = ChangeCost.NONE;
            ChangeCost deletes = ChangeCost.NONE;
            for (int i = 0; i < workload.serviceOps(); i++) {
                adds = adds.plus(ChangeCost.of(engine.apply(workload.addService(cluster))));
                List<HasMetadata> removed = workload.removeService(cluster);
                deletes = deletes.plus(ChangeCost.of(engine.apply(List.of(), removed.stream().map(FactMapper::refOf).toList())));
            }
            record(result, "original.service_add", adds, workload.serviceOps());
            record(result, "original.service_delete", deletes, workload.serviceOps());
        }
    }

    /** Per-change averages of a cost over n changes. */
    static void record(BenchResult result, String prefix, ChangeCost total, int n) {
        if (n == 0) {
            return;
        }
        result.put(prefix + ".translations_changed", total.translationsChanged() / (double) n, "per change");
        result.put(prefix + ".translation_writes", total.translationWrites() / (double) n, "per change");
        result.put(prefix + ".minimum_writes", total.minimumWrites() / (double) n, "per change");
        result.put(prefix + ".calls", total.rePushCalls() / (double) n, "per change");
    }
}

package org.midonet.kube.apply;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.midonet.model.MidonetResource;

/**
 * Applies many Translations, several at a time: their desired objects are claimed first (so that an
 * object moving from one Translation to another is never deleted on the way), then every Translation is
 * applied; those that failed because another's object is not there yet are applied again once the others
 * have been, for as long as each pass makes progress.
 */
public final class BatchApplier {
    private final ChangeSetApplier applier;
    private final int parallelism;
    private final Backoff backoff;

    /** The outcome of a batch: what was done, and why each Translation that could not be applied failed. */
    public record Outcome(ApplyResult result, Map<String, ApplyResult> applied, Map<String, ApplyException> failed) {
        public boolean complete() {
            return failed.isEmpty();
        }
    }

    public BatchApplier(ChangeSetApplier applier, int parallelism, Backoff backoff) {
        this.applier = applier;
        this.parallelism = parallelism;
        this.backoff = backoff;
    }

    /**
     * Applies the Translations that keep content first, in parallel; then deletes the ones that are gone,
     * one at a time, those holding parents (bridges, routers, chains) before the others: MidoNet then
     * removes the children with their parents, and the others' deletes find nothing left to delete.
     */
    public Outcome apply(List<TranslationWork> work) {
        List<TranslationWork> kept = work.stream().filter(w -> !w.desired().isEmpty()).toList();
        List<TranslationWork> gone = work.stream().filter(w -> w.desired().isEmpty())
                .sorted(Comparator.comparingInt(BatchApplier::shallowestKind)).toList();
        Outcome first = applyInPasses(kept, parallelism);
        Outcome second = applyInPasses(gone, 1);
        Map<String, ApplyResult> applied = new LinkedHashMap<>(first.applied());
        applied.putAll(second.applied());
        Map<String, ApplyException> failed = new LinkedHashMap<>(first.failed());
        failed.putAll(second.failed());
        return new Outcome(first.result().plus(second.result()), applied, failed);
    }

    private static int shallowestKind(TranslationWork work) {
        return work.lastApplied().stream().mapToInt(r -> r.kind().ordinal()).min().orElse(Integer.MAX_VALUE);
    }

    private Outcome applyInPasses(List<TranslationWork> work, int threads) {
        if (work.isEmpty()) {
            return new Outcome(ApplyResult.NOTHING, Map.of(), Map.of());
        }
        for (TranslationWork w : work) {
            if (!w.desired().isEmpty()) {
                applier.claims().claim(w.name(), w.desired().stream().map(Identity::of).toList());
            }
        }
        Map<String, ApplyResult> applied = new LinkedHashMap<>();
        Map<String, ApplyException> failed = new LinkedHashMap<>();
        List<TranslationWork> pending = work;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, work.size())));
        try {
            for (int pass = 1; !pending.isEmpty(); pass++) {
                failed.clear();
                List<TranslationWork> again = runPass(pool, pending, applied, failed);
                if (again.isEmpty() || again.size() == pending.size() && pass >= backoff.maxAttempts()) {
                    break;
                }
                if (again.size() == pending.size()) {
                    backoff.pause(pass);
                }
                pending = again;
            }
        } finally {
            pool.shutdownNow();
        }
        ApplyResult total = applied.values().stream().reduce(ApplyResult.NOTHING, ApplyResult::plus);
        return new Outcome(total, applied, Map.copyOf(failed));
    }

    private List<TranslationWork> runPass(ExecutorService pool, List<TranslationWork> pending,
            Map<String, ApplyResult> applied, Map<String, ApplyException> failed) {
        Map<TranslationWork, Future<ApplyResult>> futures = new LinkedHashMap<>();
        for (TranslationWork w : pending) {
            futures.put(w, pool.submit(() -> applier.apply(w.name(), w.lastApplied(), w.desired())));
        }
        List<TranslationWork> again = new ArrayList<>();
        for (var entry : futures.entrySet()) {
            TranslationWork w = entry.getKey();
            try {
                applied.merge(w.name(), entry.getValue().get(), ApplyResult::plus);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof ApplyException failure)) {
                    throw new IllegalStateException("applying " + w.name() + " failed unexpectedly", e.getCause());
                }
                failed.put(w.name(), failure);
                applied.merge(w.name(), failure.done(), ApplyResult::plus);
                if (failure.retriable()) {
                    List<MidonetResource> reached = failure.reached() == null ? w.lastApplied() : failure.reached();
                    again.add(new TranslationWork(w.name(), reached, w.desired()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while applying " + w.name(), e);
            }
        }
        return again;
    }
}

package org.midonet.kube.controller.translation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.midonet.kube.facts.Problem;

/**
 * The translation controller's meters. Exported by Prometheus as
 * midonet_kube_controllers_sync_duration_seconds (histogram: from a Kubernetes change's arrival to its
 * Translations written), midonet_kube_controllers_queue_depth{queue="translator"} (objects waiting),
 * midonet_kube_controllers_translation_writes_total{operation} (create, update, delete),
 * midonet_kube_controllers_translation_write_retries (Translations waiting for another attempt) and
 * midonet_kube_controllers_translation_problems_total{severity} and midonet_kube_controllers_translation_conflicts
 * (the conflicts that hold now: objects not translated because they clash with another).
 */
final class TranslationControllerMetrics implements AutoCloseable {
    static final String SYNC_DURATION = "midonet_kube_controllers.sync.duration";
    static final String QUEUE_DEPTH = "midonet_kube_controllers.queue.depth";
    static final String WRITES = "midonet_kube_controllers.translation.writes";
    static final String WRITE_RETRIES = "midonet_kube_controllers.translation.write_retries";
    static final String PROBLEMS = "midonet_kube_controllers.translation.problems";
    static final String CONFLICTS = "midonet_kube_controllers.translation.conflicts";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Timer sync;
    private final Counter created;
    private final Counter updated;
    private final Counter deleted;

    TranslationControllerMetrics(MeterRegistry registry, Supplier<Number> queueDepth, Supplier<Number> retries) {
        this.registry = registry;
        sync = add(Timer.builder(SYNC_DURATION)
                .description("Time from a Kubernetes change's arrival to its Translations being written")
                .serviceLevelObjectives(ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500),
                        ms(5000), ms(10000), ms(30000))
                .register(registry));
        add(Gauge.builder(QUEUE_DEPTH, queueDepth).tag("queue", "translator")
                .description("Kubernetes objects changed and not translated yet").register(registry));
        add(Gauge.builder(WRITE_RETRIES, retries)
                .description("Translations whose write failed or waits for a deletion, to be written again").register(registry));
        created = writes("create");
        updated = writes("update");
        deleted = writes("delete");
    }

    void synced(long arrivedNanos, long writtenNanos) {
        sync.record(Duration.ofNanos(writtenNanos - arrivedNanos));
    }

    void wrote(TranslationRecorder.Outcome outcome) {
        switch (outcome) {
            case CREATED -> created.increment();
            case UPDATED -> updated.increment();
            case DELETED -> deleted.increment();
            default -> {
            }
        }
    }

    void countConflicts(Supplier<Number> conflicts) {
        add(Gauge.builder(CONFLICTS, conflicts)
                .description("Conflicts that hold now: objects not translated because they clash with another")
                .register(registry));
    }

    void problem(Problem problem) {
        add(Counter.builder(PROBLEMS).tag("severity", problem.severity().name().toLowerCase(Locale.ROOT))
                .description("Problems found in Kubernetes objects (errors: not translated)").register(registry)).increment();
    }

    private Counter writes(String operation) {
        return add(Counter.builder(WRITES).tag("operation", operation)
                .description("Writes of Translation custom resources").register(registry));
    }

    private <M extends Meter> M add(M meter) {
        if (!meters.contains(meter)) {
            meters.add(meter);
        }
        return meter;
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}

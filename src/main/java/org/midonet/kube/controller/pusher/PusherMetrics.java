package org.midonet.kube.controller.pusher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pusher's meters:
 * <ul>
 *   <li>{@code midonet_kube_controllers.translations} (gauge, tag condition=pushed|failed|pending): Translations
 *       by the state of their Pushed condition as this pusher knows it;</li>
 *   <li>{@code midonet_kube_controllers.programming.duration} (timer, tag operation=update|delete): network
 *       programming latency, from the Kubernetes change reaching the controller (the Translation's
 *       midonet.org/changed-at) to MidoNet acknowledging it;</li>
 *   <li>{@code midonet_kube_controllers.drift.repairs} (counter, tag kind): MidoNet objects the resync found
 *       missing or changed behind our back and put back, and the stray ones deleted;</li>
 *   <li>{@code midonet_kube_controllers.drift.strays} (counter, tag kind): objects in our chains, router and bridges
 *       that no Translation holds, deleted by the resync (rules, routes, MAC and ARP entries);</li>
 *   <li>{@code midonet_kube_controllers.drift.reads} (counter, tag outcome=retried|given_up): resync reads of
 *       MidoNet that failed in passing and were retried, and those still failing after the last attempt;</li>
 *   <li>{@code midonet_kube_controllers.translations.not_derived} (counter): Translations found holding a content
 *       the translation controller did not derive, which were not pushed.</li>
 * </ul>
 * The gauges are removed from the registry on {@link #close()}, so that a pusher started after another (a new
 * leader term) reports its own.
 */
final class PusherMetrics implements AutoCloseable {
    static final String TRANSLATIONS = "midonet_kube_controllers.translations";
    static final String PROGRAMMING = "midonet_kube_controllers.programming.duration";
    static final String REPAIRS = "midonet_kube_controllers.drift.repairs";
    static final String NOT_DERIVED = "midonet_kube_controllers.translations.not_derived";
    static final String STRAYS = "midonet_kube_controllers.drift.strays";
    static final String RESYNC_READS = "midonet_kube_controllers.drift.reads";

    /** A Translation's state, as the gauge counts it. */
    enum State {
        PUSHED, FAILED, PENDING;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final List<Meter> gauges = new ArrayList<>();
    private final Timer updates;
    private final Timer deletes;

    PusherMetrics(MeterRegistry registry, TranslationStates states) {
        this.registry = registry;
        for (State state : State.values()) {
            gauges.add(Gauge.builder(TRANSLATIONS, states, s -> s.count(state))
                    .description("Translations by the state of their Pushed condition").tag("condition", state.tag())
                    .register(registry));
        }
        updates = timer("update");
        deletes = timer("delete");
    }

    private Timer timer(String operation) {
        return Timer.builder(PROGRAMMING).description("Time from a Translation's change to MidoNet acknowledging it")
                .tag("operation", operation)
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
                        Duration.ofMinutes(5))
                .register(registry);
    }

    void programmed(boolean deletion, long nanos) {
        (deletion ? deletes : updates).record(Duration.ofNanos(Math.max(0, nanos)));
    }

    void notDerived() {
        Counter.builder(NOT_DERIVED).description("Translations found with a content the translation controller did not derive")
                .register(registry).increment();
    }

    void repaired(String kind, long count) {
        Counter.builder(REPAIRS).description("MidoNet objects found missing or changed by the resync and put back")
                .tag("kind", kind).register(registry).increment(count);
    }

    void strayDeleted(String kind) {
        Counter.builder(STRAYS).description("Objects in our devices that no Translation holds, deleted by the resync")
                .tag("kind", kind).register(registry).increment();
    }

    void resyncReadRetried() {
        resyncReads("retried");
    }

    void resyncReadGivenUp() {
        resyncReads("given_up");
    }

    private void resyncReads(String outcome) {
        Counter.builder(RESYNC_READS).description("Resync reads of MidoNet retried after a failure, or given up")
                .tag("outcome", outcome).register(registry).increment();
    }

    @Override
    public void close() {
        gauges.forEach(registry::remove);
    }
}

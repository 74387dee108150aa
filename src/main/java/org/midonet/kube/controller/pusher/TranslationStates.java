package org.midonet.kube.controller.pusher;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.midonet.kube.controller.pusher.PusherMetrics.State;

/**
 * Each Translation's state as the pusher sees it, with a count per state kept as states change, so that
 * reading the counts (the gauges, progress) costs nothing however many Translations there are.
 */
final class TranslationStates {
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<State, LongAdder> counts = new EnumMap<>(State.class);

    TranslationStates() {
        for (State state : State.values()) {
            counts.put(state, new LongAdder());
        }
    }

    void put(String key, State state) {
        State old = states.put(key, state);
        if (old != state) {
            counts.get(state).increment();
            if (old != null) {
                counts.get(old).decrement();
            }
        }
    }

    void remove(String key) {
        State old = states.remove(key);
        if (old != null) {
            counts.get(old).decrement();
        }
    }

    long count(State state) {
        return counts.get(state).sum();
    }
}

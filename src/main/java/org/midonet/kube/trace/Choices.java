package org.midonet.kube.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Answers the simulation's random decisions from a script of option indexes (the first option past its
 * end), and records every decision, so that a caller can replay a trace with another option taken.
 */
final class Choices {
    private final List<Integer> script;
    private final List<Trace.ChoicePoint> made = new ArrayList<>();

    Choices(List<Integer> script) {
        this.script = List.copyOf(script);
    }

    int choose(String where, UUID ruleId, List<String> options) {
        int index = made.size();
        int pick = index < script.size() ? Math.min(script.get(index), options.size() - 1) : 0;
        made.add(new Trace.ChoicePoint(where, ruleId, List.copyOf(options), pick));
        return pick;
    }

    List<Trace.ChoicePoint> made() {
        return List.copyOf(made);
    }
}

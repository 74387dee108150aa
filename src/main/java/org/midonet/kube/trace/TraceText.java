package org.midonet.kube.trace;

import java.util.List;

/** A trace as a person reads it: one line per step, chains indented under the filter that ran them. */
public final class TraceText {
    private TraceText() {
    }

    public static String of(Trace trace) {
        StringBuilder out = new StringBuilder();
        out.append("packet ").append(trace.sent().flow()).append(" from ").append(trace.from()).append('\n');
        int hop = 0;
        for (Trace.Step step : trace.steps()) {
            if (step.kind().equals("ingress")) {
                hop++;
                out.append(String.format("%3d. %s: %s%n", hop, step.device(), step.text()));
            } else if (step.level() == 0) {
                out.append("     ").append(step.device()).append(": ").append(step.text()).append('\n');
            } else {
                out.append("     ").append("  ".repeat(step.level() - 1));
                out.append(step.level() == 1 ? step.device() + ": " + step.text() : step.device() + " " + step.text());
                if (step.ruleId() != null && !step.kind().equals("filter")) {
                    out.append("  (rule ").append(step.ruleId()).append(')');
                }
                out.append('\n');
            }
        }
        out.append(verdict(trace)).append('\n');
        return out.toString();
    }

    /** One line: where the packet ended. */
    public static String verdict(Trace trace) {
        if (trace.delivered()) {
            StringBuilder s = new StringBuilder("DELIVERED");
            for (Trace.Delivery d : trace.deliveries()) {
                s.append(" to ").append(d.label()).append(" as ").append(d.packet().flow());
            }
            return s.toString();
        }
        if (trace.consumed() != null) {
            return "CONSUMED: " + trace.consumed();
        }
        Trace.Drop drop = trace.drop();
        return "DROPPED at " + drop.where() + ": " + drop.reason()
                + (drop.ruleId() == null ? "" : " (rule " + drop.ruleId() + ")");
    }

    /** Every outcome with its choices, the forward path of the first in full. */
    public static String of(List<Tracer.Outcome> outcomes, boolean everyPath) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < outcomes.size(); i++) {
            Tracer.Outcome o = outcomes.get(i);
            boolean full = everyPath || i == 0;
            if (outcomes.size() > 1) {
                out.append("== outcome ").append(i + 1).append(" of ").append(outcomes.size());
                for (Trace.ChoicePoint c : o.choices()) {
                    out.append(": ").append(c.where()).append(" took ").append(c.options().get(c.chosen()))
                            .append(" (options: ").append(String.join(", ", c.options())).append(')');
                }
                out.append('\n');
            }
            out.append(full ? of(o.forward()) : verdict(o.forward()) + '\n');
            if (o.reply() != null) {
                out.append(full ? "reply:\n" + of(o.reply()) : "reply: " + verdict(o.reply()) + '\n');
            }
        }
        return out.toString();
    }
}

package org.midonet.kube.translate;

import java.util.List;

/**
 * Why a Translation holds what it holds: each DRL rule that derived part of it, with the Kubernetes
 * objects that rule matched (through intermediate facts such as a Service port's backends).
 */
public record Explanation(String rule, List<String> sources) {

    public Explanation {
        sources = List.copyOf(sources);
    }

    @Override
    public String toString() {
        return "rule \"" + rule + "\" from " + String.join(", ", sources);
    }
}

package org.midonet.kube.facts;

import java.util.List;

/** The facts an object maps to, and the problems found on the way; an object with an error maps to no facts. */
public record Mapped(ObjectRef object, List<Object> facts, List<Problem> problems) {

    public Mapped {
        facts = List.copyOf(facts);
        problems = List.copyOf(problems);
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }
}

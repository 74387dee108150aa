package org.midonet.kube.translate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.drools.core.common.InternalFactHandle;
import org.drools.tms.LogicalDependency;
import org.drools.tms.SimpleMode;
import org.drools.tms.TruthMaintenanceSystemEqualityKey;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.midonet.kube.facts.EndpointsFact;
import org.midonet.kube.facts.NodeFact;
import org.midonet.kube.facts.PodFact;
import org.midonet.kube.facts.ServiceFact;

/**
 * Reads the justifications Drools' truth maintenance keeps for a logically inserted fact. This uses Drools
 * internals (drools-tms), kept in this one class so that an upgrade breaks only here.
 */
final class Explainer {
    private Explainer() {
    }

    static List<Explanation> explain(KieSession session, Object derived) {
        List<Explanation> out = new ArrayList<>();
        for (Justification j : justifications(session, derived)) {
            Set<String> sources = new LinkedHashSet<>();
            j.facts().forEach(fact -> addSources(session, fact, sources, 0));
            out.add(new Explanation(j.rule(), List.copyOf(sources)));
        }
        return out;
    }

    private record Justification(String rule, List<Object> facts) {
    }

    private static List<Justification> justifications(KieSession session, Object fact) {
        FactHandle handle = session.getFactHandle(fact);
        List<Justification> out = new ArrayList<>();
        if (handle instanceof InternalFactHandle internal
                && internal.getEqualityKey() instanceof TruthMaintenanceSystemEqualityKey key
                && key.getBeliefSet() != null) {
            for (SimpleMode mode = (SimpleMode) key.getBeliefSet().getFirst(); mode != null; mode = mode.getNext()) {
                LogicalDependency<SimpleMode> dependency = mode.getObject();
                var match = dependency.getJustifier();
                out.add(new Justification(match.getRule().getName(), List.copyOf(match.getObjects())));
            }
        }
        return out;
    }

    /** Names the Kubernetes objects behind a fact; derived intermediate facts are followed to their sources. */
    private static void addSources(KieSession session, Object fact, Set<String> sources, int depth) {
        if (fact instanceof NodeFact n) {
            sources.add("Node " + n.name());
        } else if (fact instanceof PodFact p) {
            sources.add("Pod " + p.key());
        } else if (fact instanceof ServiceFact s) {
            sources.add("Service " + s.key());
        } else if (fact instanceof EndpointsFact e) {
            sources.add(e.source().contains("#") ? e.source().substring(0, e.source().indexOf('#')) : e.source());
        } else if (fact instanceof Collection<?> collected) {
            collected.forEach(item -> addSources(session, item, sources, depth));
        } else if (depth < 4) {
            for (Justification j : justifications(session, fact)) {
                j.facts().forEach(f -> addSources(session, f, sources, depth + 1));
            }
        }
    }
}

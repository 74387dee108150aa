package org.midonet.kube.translate;

import java.util.List;
import org.midonet.kube.facts.Problem;
import org.midonet.kube.midonet.model.MidonetResource;

/**
 * The net effect of one batch of Kubernetes changes: per Translation whose content changed, the resources
 * added and removed and the whole new content (empty when the Translation is gone), plus the problems
 * found in the batch's objects.
 */
public record ChangeSet(List<Change> changes, List<Problem> problems) {

    public record Change(TranslationId translation, List<MidonetResource> added, List<MidonetResource> removed,
            List<MidonetResource> content) {
        public boolean deleted() {
            return content.isEmpty();
        }
    }

    public ChangeSet {
        changes = List.copyOf(changes);
        problems = List.copyOf(problems);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public List<MidonetResource> added() {
        return changes.stream().flatMap(c -> c.added().stream()).toList();
    }

    public List<MidonetResource> removed() {
        return changes.stream().flatMap(c -> c.removed().stream()).toList();
    }
}

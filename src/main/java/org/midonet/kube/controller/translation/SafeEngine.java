package org.midonet.kube.controller.translation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.midonet.kube.common.LogContext;
import org.midonet.kube.facts.FactMapper;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.facts.Problem;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a batch to the engine so that no object can stop the others: malformed objects are the engine's
 * problems already, and should the engine fail on a batch anyway (a bug, a rule throwing), the batch is
 * applied again one object at a time and only the objects that fail on their own are left out, logged.
 */
final class SafeEngine {
    private static final Logger LOG = LoggerFactory.getLogger(SafeEngine.class);

    private final TranslationEngine engine;

    SafeEngine(TranslationEngine engine) {
        this.engine = engine;
    }

    ChangeSet apply(PendingObjects.Batch batch) {
        List<ObjectRef> deletes = batch.deletes().stream().map(FactMapper::refOf).toList();
        try {
            return engine.apply(batch.upserts(), deletes);
        } catch (RuntimeException e) {
            LOG.error("translating a batch of {} objects failed, translating them one at a time", batch.changes().size(), e);
        }
        Map<TranslationId, ChangeSet.Change> changes = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (PendingObjects.Change change : batch.changes()) {
            HasMetadata object = change.object();
            ObjectRef ref = change.ref();
            LogContext.with(ref.namespace(), ref.name(), () -> {
                try {
                    ChangeSet one = change.deleted() ? engine.apply(List.of(), List.of(ref)) : engine.apply(List.of(object));
                    one.changes().forEach(c -> changes.put(c.translation(), c)); // the latest content of each wins
                    problems.addAll(one.problems());
                } catch (RuntimeException e) {
                    LOG.error("{} cannot be translated, left out", ref.kind(), e);
                    problems.add(Problem.error(ref, "", "cannot be translated: " + e));
                }
            });
        }
        return new ChangeSet(new ArrayList<>(changes.values()), problems);
    }
}

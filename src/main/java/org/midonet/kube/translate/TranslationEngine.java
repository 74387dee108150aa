package org.midonet.kube.translate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.kie.api.KieBase;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.facts.FactMapper;
import org.midonet.kube.facts.Mapped;
import org.midonet.kube.facts.ObjectRef;
import org.midonet.kube.facts.Problem;
import org.midonet.kube.midonet.model.MidonetResource;

/**
 * The translation: Kubernetes objects in, MidoNet resources grouped into Translations out. It owns one
 * Drools session and is not thread-safe: one thread feeds it batches.
 */
public final class TranslationEngine implements AutoCloseable {
    private final KieSession session;
    private final Map<ObjectRef, Map<Object, FactHandle>> factsByObject = new HashMap<>();
    private final Map<TranslationId, Set<Derived>> derivedByTranslation = new HashMap<>();
    private Map<TranslationId, List<MidonetResource>> contentBefore = new LinkedHashMap<>();
    /** The conflicts the rules hold now, and those that appeared in the current batch. */
    private final Set<Conflict> conflicts = new HashSet<>();
    private final Set<Conflict> newConflicts = new LinkedHashSet<>();

    public TranslationEngine(KieBase rules, String tenant) {
        this(rules, tenant, null);
    }

    /** clusterCidr, when not null, is the network every Node's pod CIDR must be within (rules/conflicts.drl). */
    public TranslationEngine(KieBase rules, String tenant, Cidr clusterCidr) {
        this.session = rules.newKieSession();
        session.setGlobal("ids", Ids.forTenant(tenant));
        session.setGlobal("tenant", tenant);
        session.addEventListener(new DerivedListener());
        if (clusterCidr != null) {
            session.insert(new ClusterCidr(clusterCidr));
        }
    }

    /**
     * Inserts or replaces objects, deletes others (by reference), fires the rules, returns the net change; its
     * problems are those of the batch's objects and the conflicts that appeared in the batch.
     */
    public ChangeSet apply(Collection<? extends HasMetadata> upserts, Collection<ObjectRef> deletes) {
        List<Problem> problems = new ArrayList<>();
        for (ObjectRef ref : deletes) {
            replaceFacts(ref, List.of());
        }
        for (HasMetadata object : upserts) {
            Mapped mapped = FactMapper.map(object);
            problems.addAll(mapped.problems());
            if (mapped.hasErrors() && factsByObject.containsKey(mapped.object())) {
                // a bad edit must not tear down a working network: keep what its last valid version gave
                problems.add(Problem.notice(mapped.object(), "", "keeps the translation of its last valid version"));
            } else {
                replaceFacts(mapped.object(), mapped.facts());
            }
        }
        session.fireAllRules();
        newConflicts.stream().filter(conflicts::contains).map(Conflict::problem).sorted(Comparator.comparing(Problem::toString))
                .forEach(problems::add);
        newConflicts.clear();
        return new ChangeSet(drainChanges(), problems);
    }

    /** The conflicts that hold now, as the problems of their losers, sorted. */
    public List<Problem> conflicts() {
        return conflicts.stream().map(Conflict::problem).sorted(Comparator.comparing(Problem::toString)).toList();
    }

    public ChangeSet apply(Collection<? extends HasMetadata> upserts) {
        return apply(upserts, List.of());
    }

    private void replaceFacts(ObjectRef ref, List<Object> facts) {
        Map<Object, FactHandle> current = factsByObject.getOrDefault(ref, Map.of());
        Map<Object, FactHandle> next = new HashMap<>();
        for (Object fact : facts) {
            FactHandle kept = current.get(fact);
            next.put(fact, kept != null ? kept : session.insert(fact));
        }
        current.forEach((fact, handle) -> {
            if (!next.containsKey(fact)) {
                session.delete(handle);
            }
        });
        if (next.isEmpty()) {
            factsByObject.remove(ref);
        } else {
            factsByObject.put(ref, next);
        }
    }

    /** Every Translation with its content in apply order, sorted by namespace and name. */
    public SortedMap<TranslationId, List<MidonetResource>> translations() {
        SortedMap<TranslationId, List<MidonetResource>> all = new TreeMap<>();
        derivedByTranslation.keySet().forEach(id -> all.put(id, content(id)));
        return all;
    }

    /** The derived Translation of this namespace and name, if any. */
    public Optional<TranslationId> find(String namespace, String name) {
        return derivedByTranslation.keySet().stream()
                .filter(id -> id.namespace().equals(namespace) && id.name().equals(name)).findFirst();
    }

    public List<MidonetResource> content(TranslationId id) {
        Set<Derived> derived = derivedByTranslation.get(id);
        if (derived == null) {
            return List.of();
        }
        Set<MidonetResource> resources = new LinkedHashSet<>();
        for (Derived d : derived) {
            resources.addAll(d.resources());
        }
        return resources.stream().sorted(PushOrder.RESOURCES).toList();
    }

    /** The rules, and the Kubernetes objects they matched, that derived a Translation's content. */
    public List<Explanation> explain(TranslationId id) {
        Set<Explanation> explanations = new LinkedHashSet<>();
        derivedByTranslation.getOrDefault(id, Set.of()).stream()
                .sorted(Comparator.comparing(Derived::toString))
                .forEach(d -> explanations.addAll(Explainer.explain(session, d)));
        return List.copyOf(explanations);
    }

    /** How many facts the session holds, derived ones included. */
    public long factCount() {
        return session.getFactCount();
    }

    private List<ChangeSet.Change> drainChanges() {
        List<ChangeSet.Change> changes = new ArrayList<>();
        contentBefore.forEach((id, before) -> {
            List<MidonetResource> after = content(id);
            if (before.isEmpty() || after.isEmpty()) { // a new or a deleted Translation: no sets to compare
                if (!before.isEmpty() || !after.isEmpty()) {
                    changes.add(new ChangeSet.Change(id, after, before, after));
                }
                return;
            }
            Set<MidonetResource> beforeSet = new HashSet<>(before);
            Set<MidonetResource> afterSet = new HashSet<>(after);
            List<MidonetResource> added = after.stream().filter(r -> !beforeSet.contains(r)).toList();
            List<MidonetResource> removed = before.stream().filter(r -> !afterSet.contains(r)).toList();
            if (!added.isEmpty() || !removed.isEmpty()) {
                changes.add(new ChangeSet.Change(id, added, removed, after));
            }
        });
        // a new map, not clear(): clear() walks the whole table, which a cold batch grew to 2^17 buckets
        contentBefore = new LinkedHashMap<>();
        changes.sort((a, b) -> a.translation().compareTo(b.translation()));
        return changes;
    }

    @Override
    public void close() {
        session.dispose();
    }

    /** Keeps the Derived facts per Translation, and each touched Translation's content before the batch. */
    private final class DerivedListener implements RuleRuntimeEventListener {
        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            if (event.getObject() instanceof Conflict c) {
                conflicts.add(c);
                newConflicts.add(c);
            }
            if (event.getObject() instanceof Derived d) {
                touch(d.translation());
                derivedByTranslation.computeIfAbsent(d.translation(), k -> new HashSet<>()).add(d);
            }
        }

        @Override
        public void objectUpdated(ObjectUpdatedEvent event) {
            objectDeleted(event.getOldObject());
            if (event.getObject() instanceof Derived d) {
                touch(d.translation());
                derivedByTranslation.computeIfAbsent(d.translation(), k -> new HashSet<>()).add(d);
            }
        }

        @Override
        public void objectDeleted(ObjectDeletedEvent event) {
            objectDeleted(event.getOldObject());
        }

        private void objectDeleted(Object old) {
            if (old instanceof Conflict c) {
                conflicts.remove(c);
            }
            if (old instanceof Derived d) {
                touch(d.translation());
                Set<Derived> set = derivedByTranslation.get(d.translation());
                if (set != null) {
                    set.remove(d);
                    if (set.isEmpty()) {
                        derivedByTranslation.remove(d.translation());
                    }
                }
            }
        }

        private void touch(TranslationId id) {
            if (!contentBefore.containsKey(id)) {
                contentBefore.put(id, content(id));
            }
        }
    }
}

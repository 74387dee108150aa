package org.midonet.kube.controller;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.midonet.kube.apply.Existing;
import org.midonet.kube.apply.ApplyException;
import org.midonet.kube.apply.BatchApplier;
import org.midonet.kube.apply.ClaimRegistry;
import org.midonet.kube.apply.Identity;
import org.midonet.kube.apply.TranslationWork;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.midonet.Chain;
import org.midonet.kube.midonet.ChainRule;
import org.midonet.kube.midonet.MidonetClient;
import org.midonet.kube.midonet.MidonetException;
import org.midonet.kube.midonet.MidonetRef;
import org.midonet.kube.midonet.MidonetResource;
import org.midonet.kube.midonet.ResourceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and repairs drift between pushed Translations and MidoNet: reads each Translation's objects back and
 * takes those missing, or with a field other than what the Translation sends, back to what it wants. The
 * comparison is the applier's ({@code org.midonet.kube.apply.Existing}): every field of the body must have the
 * same value, MidoNet's additional fields are ignored, and a rule's position is where it was put, not part of it.
 *
 * <p>Rules, most of the objects, are read a chain at a time (one listing per chain rather than one read per
 * rule), which also shows the rules that no Translation holds in a chain one holds (added behind our back,
 * or left by a failure): those are deleted.
 */
public final class DriftRepair {
    private static final Logger LOG = LoggerFactory.getLogger(DriftRepair.class);

    private final MidonetClient midonet;
    private final ClaimRegistry claims;
    private final BatchApplier batch;
    private final PusherEvents events;
    private final PusherMetrics metrics;

    /** A pushed Translation to check: its key, itself, its decoded content, and its rank in apply order. */
    record Pushed(String key, Translation translation, List<MidonetResource> desired, int rank) {
    }

    /**
     * What one resync did: Translations checked, those found drifted, those repaired, those whose check or
     * repair failed (tried again at the next resync), and the objects put back per kind.
     */
    public record Report(int checked, int drifted, int repaired, int failed, Map<String, Long> repairsByKind,
            int strayRulesDeleted) {
        public long repairs() {
            return repairsByKind.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    DriftRepair(MidonetClient midonet, BatchApplier batch, ClaimRegistry claims, PusherEvents events, PusherMetrics metrics) {
        this.midonet = midonet;
        this.claims = claims;
        this.batch = batch;
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * Reads the Translations' objects (on {@code readers}, in parallel), then applies every drifted one from
     * what MidoNet really has to what it wants, together with the {@link BatchApplier}: one whose referent is
     * in another drifted Translation is applied again after it.
     */
    Report repair(List<Pushed> pushed, ExecutorService readers) {
        Map<UUID, Map<UUID, JsonNode>> rulesByChain = listRules(pushed, readers);
        Map<Pushed, Future<List<MidonetResource>>> reads = new LinkedHashMap<>();
        pushed.forEach(p -> reads.put(p, readers.submit(() -> drifted(midonet, p.desired(), rulesByChain))));
        Map<String, List<MidonetResource>> drifted = new LinkedHashMap<>();
        List<TranslationWork> work = new ArrayList<>();
        Map<String, Pushed> byKey = new LinkedHashMap<>();
        int failed = 0;
        for (var read : reads.entrySet()) {
            Pushed p = read.getKey();
            try {
                List<MidonetResource> d = read.getValue().get();
                if (!d.isEmpty()) {
                    LOG.warn("Translation {}: drifted in MidoNet: {}", p.key(), d.stream().map(r -> Identity.of(r).toString()).toList());
                    drifted.put(p.key(), d);
                    byKey.put(p.key(), p);
                    work.add(new TranslationWork(p.key(), without(p.desired(), d), p.desired()));
                }
            } catch (ExecutionException e) {
                failed++;
                LOG.warn("Translation {}: cannot read its objects back from MidoNet: {}", p.key(), e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during the resync", e);
            }
        }
        work.sort(Comparator.comparingInt(w -> byKey.get(w.name()).rank()));
        Map<String, ApplyException> failures = work.isEmpty() ? Map.of() : batch.apply(work).failed();
        Map<String, Long> byKind = new TreeMap<>();
        int repaired = 0;
        for (TranslationWork w : work) {
            Translation tr = byKey.get(w.name()).translation();
            ApplyException failure = failures.get(w.name());
            if (failure != null) {
                failed++;
                LOG.warn("Translation {}: drift repair failed: {}", w.name(), failure.getMessage());
                events.warning(tr, PusherEvents.UPDATE_ERROR, "Translation drift repair failed with error " + failure.getMessage());
                continue;
            }
            repaired++;
            Map<String, Long> kinds = new TreeMap<>();
            drifted.get(w.name()).forEach(r -> kinds.merge(r.kind().translationName(), 1L, Long::sum));
            kinds.forEach((kind, n) -> {
                metrics.repaired(kind, n);
                byKind.merge(kind, n, Long::sum);
            });
            events.normal(tr, PusherEvents.DRIFT_REPAIRED, "Translation drift repaired: " + kinds + " put back in MidoNet");
        }
        int stray = deleteStrayRules(pushed, rulesByChain);
        return new Report(pushed.size(), drifted.size(), repaired, failed, byKind, stray);
    }

    /** The rules of every chain the Translations hold or put rules in, by chain and id; a chain whose listing failed is absent. */
    private Map<UUID, Map<UUID, JsonNode>> listRules(List<Pushed> pushed, ExecutorService readers) {
        Set<UUID> chains = new LinkedHashSet<>();
        for (Pushed p : pushed) {
            for (MidonetResource r : p.desired()) {
                if (r instanceof ChainRule rule) {
                    chains.add(rule.chainId());
                } else if (r instanceof Chain chain) {
                    chains.add(chain.id());
                }
            }
        }
        Map<UUID, Future<Map<UUID, JsonNode>>> listings = new LinkedHashMap<>();
        chains.forEach(chain -> listings.put(chain, readers.submit(() -> rulesOf(chain))));
        Map<UUID, Map<UUID, JsonNode>> rules = new HashMap<>();
        for (var listing : listings.entrySet()) {
            try {
                rules.put(listing.getKey(), listing.getValue().get());
            } catch (ExecutionException e) {
                LOG.warn("chain {}: cannot list its rules: {}", listing.getKey(), e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during the resync", e);
            }
        }
        return rules;
    }

    private Map<UUID, JsonNode> rulesOf(UUID chain) {
        Map<UUID, JsonNode> byId = new LinkedHashMap<>();
        try {
            for (JsonNode rule : midonet.list("/chains/" + chain + "/rules", ResourceKind.RULE.collectionMediaType())) {
                byId.put(UUID.fromString(rule.path("id").asText()), rule);
            }
        } catch (MidonetException e) {
            if (e.status() != 404) {
                throw e;
            }
            // the chain is gone: its rules are missing, and so is the chain, which its own read finds
        }
        return byId;
    }

    /**
     * Deletes the rules of chains that pushed Translations hold which no Translation holds (the claims are every
     * Translation's current content); the number deleted.
     */
    private int deleteStrayRules(List<Pushed> pushed, Map<UUID, Map<UUID, JsonNode>> rulesByChain) {
        int deleted = 0;
        for (Pushed p : pushed) {
            for (MidonetResource r : p.desired()) {
                if (!(r instanceof Chain chain) || !rulesByChain.containsKey(chain.id())) {
                    continue;
                }
                for (UUID rule : rulesByChain.get(chain.id()).keySet()) {
                    MidonetRef stray = new MidonetRef(ResourceKind.RULE, null, rule.toString());
                    if (claims.claimedBy(Identity.of(stray))) {
                        continue;
                    }
                    try {
                        midonet.delete(stray);
                        deleted++;
                        metrics.repaired(ResourceKind.RULE.translationName(), 1);
                        LOG.warn("Translation {}: deleted rule {} of its chain {}, which no Translation holds", p.key(), rule, chain.id());
                    } catch (MidonetException e) {
                        LOG.warn("Translation {}: cannot delete the stray rule {} of chain {}: {}", p.key(), rule, chain.id(), e.getMessage());
                    }
                }
            }
        }
        return deleted;
    }

    /** What MidoNet really has of a Translation's content: the content without the drifted objects. */
    private static List<MidonetResource> without(List<MidonetResource> desired, List<MidonetResource> drifted) {
        Set<Identity> gone = new HashSet<>();
        drifted.forEach(r -> gone.add(Identity.of(r)));
        return desired.stream().filter(r -> !gone.contains(Identity.of(r))).toList();
    }

    /**
     * The resources of {@code desired} that MidoNet lacks or holds differently, in the given order: rules from
     * their chain's listing, the others read one by one. A rule whose chain could not be listed fails the check.
     */
    private static List<MidonetResource> drifted(MidonetClient client, List<MidonetResource> desired,
            Map<UUID, Map<UUID, JsonNode>> rulesByChain) {
        List<MidonetResource> out = new ArrayList<>();
        for (MidonetResource r : desired) {
            Optional<JsonNode> actual;
            if (r instanceof ChainRule rule) {
                Map<UUID, JsonNode> rules = rulesByChain.get(rule.chainId());
                if (rules == null) {
                    throw new IllegalStateException("the rules of chain " + rule.chainId() + " could not be listed");
                }
                actual = Optional.ofNullable(rules.get(rule.id()));
            } else {
                actual = Existing.read(client, r);
            }
            if (actual.isEmpty() || !Existing.matches(actual.get(), r)) {
                out.add(r);
            }
        }
        return out;
    }
}

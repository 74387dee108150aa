package org.midonet.kube.controller.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.midonet.kube.apply.ApplyException;
import org.midonet.kube.apply.BatchApplier;
import org.midonet.kube.apply.ClaimRegistry;
import org.midonet.kube.apply.Existing;
import org.midonet.kube.apply.Identity;
import org.midonet.kube.apply.TranslationWork;
import org.midonet.kube.common.LogContext;
import org.midonet.kube.controller.ops.EventRecorder;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetException;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.MidonetRef;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.ResourceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and repairs drift between pushed Translations and MidoNet: reads each Translation's objects back and
 * takes those missing, or with a field other than what the Translation sends, back to what it wants. The
 * comparison is the applier's ({@code org.midonet.kube.apply.Existing}): every field of the body must have the
 * same value, MidoNet's additional fields are ignored, and a rule's position is where it was put, not part of it.
 *
 * <p>Most objects are checked from a listing of their collection ({@link MidonetListings}: a chain's rules, a
 * bridge's ports and MAC and ARP tables, a router's ports and routes, a host's bindings) rather than read one by
 * one. The listings of the chains Translations hold also show the rules that no Translation holds (added behind
 * our back, or left by a failure): those are deleted.
 */
public final class DriftRepair {
    private static final Logger LOG = LoggerFactory.getLogger(DriftRepair.class);

    private final MidonetClient midonet;
    private final ClaimRegistry claims;
    private final BatchApplier batch;
    private final EventRecorder events;
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

    DriftRepair(MidonetClient midonet, BatchApplier batch, ClaimRegistry claims, EventRecorder events, PusherMetrics metrics) {
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
        MidonetListings listings = MidonetListings.read(midonet, collections(pushed), readers);
        Map<Pushed, Future<List<MidonetResource>>> reads = new LinkedHashMap<>();
        pushed.forEach(p -> reads.put(p, readers.submit(() -> drifted(midonet, p.desired(), listings))));
        Map<String, List<MidonetResource>> drifted = new LinkedHashMap<>();
        List<TranslationWork> work = new ArrayList<>();
        Map<String, Pushed> byKey = new LinkedHashMap<>();
        int failed = 0;
        for (var read : reads.entrySet()) {
            Pushed p = read.getKey();
            try {
                List<MidonetResource> d = read.getValue().get();
                if (!d.isEmpty()) {
                    logAbout(p.key(), () -> LOG.warn("drifted in MidoNet: {}",
                            d.stream().map(r -> Identity.of(r).toString()).toList()));
                    drifted.put(p.key(), d);
                    byKey.put(p.key(), p);
                    work.add(new TranslationWork(p.key(), without(p.desired(), d), p.desired()));
                }
            } catch (ExecutionException e) {
                failed++;
                logAbout(p.key(), () -> LOG.warn("cannot read its objects back from MidoNet: {}", e.getCause().getMessage()));
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
                logAbout(w.name(), () -> LOG.warn("drift repair failed: {}", failure.getMessage()));
                events.warning(tr, PusherEvents.UPDATE_ERROR,
                        "Translation drift repair failed with error " + failure.getMessage());
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
        int stray = deleteStrayRules(pushed, listings);
        return new Report(pushed.size(), drifted.size(), repaired, failed, byKind, stray);
    }

    /** The collections to list: those of the Translations' listed objects, and the rules of the chains they hold. */
    private static Map<String, ResourceKind> collections(List<Pushed> pushed) {
        Map<String, ResourceKind> collections = new LinkedHashMap<>();
        for (Pushed p : pushed) {
            for (MidonetResource r : p.desired()) {
                if (MidonetListings.listed(r)) {
                    collections.putIfAbsent(r.createPath(), r.kind());
                }
                if (r instanceof Chain chain) {
                    collections.putIfAbsent(rulesOf(chain), ResourceKind.RULE);
                }
            }
        }
        return collections;
    }

    private static String rulesOf(Chain chain) {
        return "/chains/" + chain.id() + "/rules";
    }

    /**
     * Deletes the rules of chains that pushed Translations hold which no Translation holds (the claims are every
     * Translation's current content); the number deleted.
     */
    private int deleteStrayRules(List<Pushed> pushed, MidonetListings listings) {
        int deleted = 0;
        for (Pushed p : pushed) {
            for (MidonetResource r : p.desired()) {
                if (!(r instanceof Chain chain) || listings.keys(rulesOf(chain)) == null) {
                    continue;
                }
                for (String rule : listings.keys(rulesOf(chain))) {
                    MidonetRef stray = new MidonetRef(ResourceKind.RULE, null, rule);
                    if (claims.claimedBy(Identity.of(stray))) {
                        continue;
                    }
                    try {
                        midonet.delete(stray);
                        deleted++;
                        metrics.repaired(ResourceKind.RULE.translationName(), 1);
                        logAbout(p.key(), () -> LOG.warn("deleted rule {} of its chain {}, which no Translation holds", rule,
                                chain.id()));
                    } catch (MidonetException e) {
                        logAbout(p.key(), () -> LOG.warn("cannot delete the stray rule {} of chain {}: {}", rule, chain.id(),
                                e.getMessage()));
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
     * The resources of {@code desired} that MidoNet lacks or holds differently, in the given order: from their
     * collection's listing when it is known, else read one by one.
     */
    private static List<MidonetResource> drifted(MidonetClient client, List<MidonetResource> desired, MidonetListings listings) {
        List<MidonetResource> out = new ArrayList<>();
        for (MidonetResource r : desired) {
            boolean inListing = MidonetListings.listed(r) && listings.knows(r);
            Optional<JsonNode> actual = inListing ? listings.find(r) : Existing.read(client, r);
            if (actual.isEmpty() || !Existing.matches(actual.get(), r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Logs with the Translation (namespace/name) as the object of the line. */
    private static void logAbout(String key, Runnable log) {
        int slash = key.indexOf('/');
        LogContext.with(key.substring(0, slash), key.substring(slash + 1), log);
    }
}

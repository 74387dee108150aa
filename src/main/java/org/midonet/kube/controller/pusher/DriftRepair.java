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
import org.midonet.kube.common.Backoff;
import org.midonet.kube.common.LogContext;
import org.midonet.kube.controller.ops.EventRecorder;
import org.midonet.kube.k8s.Translation;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetException;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.ResourceKind;
import org.midonet.kube.midonet.model.Router;
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
 * one. The same listings show what no Translation holds (added behind our back, or left by a failure): the
 * {@link Strays} (rules of our chains, routes of our router but MidoNet's own, MAC and ARP entries hijacking an
 * address of ours) are deleted. Reads are retried while MidoNet fails in passing ({@link ResyncReads}); what
 * could not be read is checked at the next resync, never taken for missing or stray.
 */
public final class DriftRepair {
    private static final Logger LOG = LoggerFactory.getLogger(DriftRepair.class);

    private final MidonetClient midonet;
    private final ClaimRegistry claims;
    private final BatchApplier batch;
    private final EventRecorder events;
    private final PusherMetrics metrics;
    private final Backoff readBackoff;

    /** A pushed Translation to check: its key, itself, its decoded content, and its rank in apply order. */
    record Pushed(String key, Translation translation, List<MidonetResource> desired, int rank) {
    }

    /**
     * What one resync did: Translations checked, those found drifted, those repaired, those whose check or
     * repair failed (tried again at the next resync), the objects put back per kind, the stray objects deleted per
     * kind, the reads retried and the reads given up (MidoNet failing in passing).
     */
    public record Report(int checked, int drifted, int repaired, int failed, Map<String, Long> repairsByKind,
            Map<String, Long> straysDeletedByKind, int readRetries, int readsGivenUp) {
        public long repairs() {
            return repairsByKind.values().stream().mapToLong(Long::longValue).sum();
        }

        public long strayRulesDeleted() {
            return straysDeletedByKind.getOrDefault(ResourceKind.RULE.translationName(), 0L);
        }

        public long strayRoutesDeleted() {
            return straysDeletedByKind.getOrDefault(ResourceKind.ROUTE.translationName(), 0L);
        }

        /** MAC and ARP entries deleted. */
        public long strayTableEntriesDeleted() {
            return straysDeletedByKind.getOrDefault(ResourceKind.MAC_PORT.translationName(), 0L)
                    + straysDeletedByKind.getOrDefault(ResourceKind.IPV4_MAC_PAIR.translationName(), 0L);
        }

        public long straysDeleted() {
            return straysDeletedByKind.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    DriftRepair(MidonetClient midonet, BatchApplier batch, ClaimRegistry claims, EventRecorder events, PusherMetrics metrics,
            Backoff readBackoff) {
        this.midonet = midonet;
        this.readBackoff = readBackoff;
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
        ResyncReads reading = new ResyncReads(readBackoff, metrics);
        MidonetListings listings = MidonetListings.read(midonet, collections(pushed), readers, reading);
        Map<Pushed, Future<List<MidonetResource>>> reads = new LinkedHashMap<>();
        pushed.forEach(p -> reads.put(p, readers.submit(() -> drifted(midonet, p.desired(), listings, reading))));
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
        Map<String, Long> strays = delete(Strays.find(pushed, listings, claims));
        return new Report(pushed.size(), drifted.size(), repaired, failed, byKind, strays, reading.retries(),
                reading.givenUp());
    }

    /**
     * The collections to list: those of the Translations' listed objects, the rules of the chains they hold, and the
     * routes and ports of the routers they hold.
     */
    private static Map<String, ResourceKind> collections(List<Pushed> pushed) {
        Map<String, ResourceKind> collections = new LinkedHashMap<>();
        for (Pushed p : pushed) {
            for (MidonetResource r : p.desired()) {
                if (MidonetListings.listed(r)) {
                    collections.putIfAbsent(r.createPath(), r.kind());
                }
                if (r instanceof Chain chain) {
                    collections.putIfAbsent(Strays.rulesOf(chain), ResourceKind.RULE);
                } else if (r instanceof Router router) {
                    collections.putIfAbsent(Strays.routesOf(router), ResourceKind.ROUTE);
                    collections.putIfAbsent(Strays.portsOf(router), ResourceKind.PORT);
                }
            }
        }
        return collections;
    }

    /** Deletes the strays; the number deleted per kind. A failed delete is logged and tried at the next resync. */
    private Map<String, Long> delete(List<Strays.Stray> strays) {
        Map<String, Long> deleted = new TreeMap<>();
        for (Strays.Stray stray : strays) {
            String kind = stray.object().kind().translationName();
            try {
                midonet.delete(stray.object());
                deleted.merge(kind, 1L, Long::sum);
                metrics.repaired(kind, 1);
                metrics.strayDeleted(kind);
                logAbout(stray.owner(), () -> LOG.warn("deleted {}: {}", stray.object(), stray.why()));
            } catch (MidonetException e) {
                logAbout(stray.owner(), () -> LOG.warn("cannot delete {} ({}): {}", stray.object(), stray.why(),
                        e.getMessage()));
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
     * collection's listing, or read one by one for the kinds not listed. Throws when one could not be read (its
     * listing or its read failed): the Translation is checked at the next resync.
     */
    private static List<MidonetResource> drifted(MidonetClient client, List<MidonetResource> desired, MidonetListings listings,
            ResyncReads reads) {
        List<MidonetResource> out = new ArrayList<>();
        for (MidonetResource r : desired) {
            Optional<JsonNode> actual;
            if (!MidonetListings.listed(r)) {
                actual = reads.read(r.itemPath(), () -> Existing.read(client, r));
            } else if (listings.knows(r)) {
                actual = listings.find(r);
            } else {
                throw new IllegalStateException("cannot check " + Identity.of(r) + ": " + r.createPath()
                        + " could not be listed");
            }
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

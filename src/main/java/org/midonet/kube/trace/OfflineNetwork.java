package org.midonet.kube.trace;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.kie.api.KieBase;
import org.midonet.kube.apply.BatchApplier;
import org.midonet.kube.apply.ChangeSetApplier;
import org.midonet.kube.apply.ClaimRegistry;
import org.midonet.kube.apply.TranslationWork;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.facts.Problem;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/**
 * "What would MidoNet do if I deployed this": Kubernetes objects translated and applied to an in-process
 * MidoNet emulator whose hosts are the objects' Nodes, with a client to read it back.
 */
public final class OfflineNetwork implements AutoCloseable {
    private final MidonetSim sim;
    private final MidonetClient client;
    private final BatchApplier.Outcome outcome;
    private final List<Problem> conflicts;

    private OfflineNetwork(MidonetSim sim, MidonetClient client, BatchApplier.Outcome outcome, List<Problem> conflicts) {
        this.sim = sim;
        this.client = client;
        this.outcome = outcome;
        this.conflicts = conflicts;
    }

    public static OfflineNetwork start(List<HasMetadata> objects, KieBase rules, String tenant) throws IOException {
        return start(objects, rules, tenant, null);
    }

    /** clusterCidr, when not null, is the network every Node's pod CIDR must be within (rules/conflicts.drl). */
    public static OfflineNetwork start(List<HasMetadata> objects, KieBase rules, String tenant, Cidr clusterCidr)
            throws IOException {
        Map<TranslationId, List<MidonetResource>> translations;
        List<Problem> conflicts;
        try (TranslationEngine engine = new TranslationEngine(rules, tenant, clusterCidr)) {
            engine.apply(objects);
            translations = engine.translations();
            conflicts = engine.conflicts();
        }
        MidonetSim sim = MidonetSim.start(hostsOf(objects).port(0).build());
        MidonetClient client = new MidonetClient(MidonetClientConfig.of(sim.apiUri()).withCredentials("admin", "admin", null)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)), new SimpleMeterRegistry());
        List<TranslationWork> work = new ArrayList<>();
        translations.forEach((id, resources) -> work.add(new TranslationWork(id.toString(), List.of(), resources)));
        work.sort(Comparator.comparing((TranslationWork w) -> !w.name().startsWith("kube-system/midonet-global.")));
        Backoff quick = new Backoff(Duration.ofMillis(1), Duration.ofMillis(10), 4, d -> Thread.sleep(d.toMillis()));
        BatchApplier.Outcome outcome = new BatchApplier(new ChangeSetApplier(client, new ClaimRegistry(), quick), 4, quick)
                .apply(work);
        return new OfflineNetwork(sim, client, outcome, conflicts);
    }

    /** The emulator's hosts: one per Node, named like it, with the id its host-id annotation gives (if any). */
    public static SimOptions.Builder hostsOf(List<HasMetadata> objects) {
        SimOptions.Builder options = SimOptions.builder();
        for (HasMetadata object : objects) {
            if (object instanceof Node node) {
                String name = node.getMetadata().getName();
                options.host(hostId(node).map(id -> new SimHost(id, name, true, List.of())).orElseGet(() -> SimHost.named(name)));
            }
        }
        return options;
    }

    private static Optional<UUID> hostId(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        try {
            return Optional.ofNullable(annotations == null ? null : annotations.get(Annotations.HOST_ID)).map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public MidonetSim sim() {
        return sim;
    }

    public MidonetClient client() {
        return client;
    }

    /** The Translations MidoNet did not take, by name, with why. */
    public Map<String, String> failures() {
        Map<String, String> out = new TreeMap<>();
        outcome.failed().forEach((name, e) -> out.put(name, e.getMessage()));
        return out;
    }

    /** The objects not translated because they lost a conflict, as their problems. */
    public List<Problem> conflicts() {
        return conflicts;
    }

    public Topology topology() {
        return TopologyReader.read(client);
    }

    @Override
    public void close() {
        client.close();
        sim.close();
    }
}

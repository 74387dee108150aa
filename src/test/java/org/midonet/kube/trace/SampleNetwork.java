package org.midonet.kube.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.kie.api.KieBase;
import org.midonet.kube.apply.ChangeSetApplier;
import org.midonet.kube.apply.ClaimRegistry;
import org.midonet.kube.apply.Identity;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.Ids;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.RuleSource;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/**
 * The cluster of samples/ translated by a rule set, applied to the MidoNet emulator and read back through the
 * REST API: what the connectivity tests trace packets through.
 */
final class SampleNetwork implements AutoCloseable {
    final OfflineNetwork network;
    private final KieBase rules;
    private List<HasMetadata> objects;
    Tracer tracer;
    TraceEndpoints endpoints;

    private SampleNetwork(OfflineNetwork network, KieBase rules, List<HasMetadata> objects) {
        this.network = network;
        this.rules = rules;
        this.objects = objects;
        reread();
    }

    /**
     * Changes objects of the cluster as the controllers would: the cluster translated again, and every
     * Translation that changed applied with the applier from what it held to what it holds now.
     */
    void change(HasMetadata... changed) {
        try (TranslationEngine engine = new TranslationEngine(rules, Ids.DEFAULT_TENANT)) {
            engine.apply(objects);
            Map<TranslationId, List<MidonetResource>> before = engine.translations();
            ClaimRegistry claims = new ClaimRegistry();
            before.forEach((id, content) -> claims.claim(id.toString(), content.stream().map(Identity::of).toList()));
            Backoff quick = new Backoff(Duration.ofMillis(1), Duration.ofMillis(10), 4, d -> Thread.sleep(d.toMillis()));
            ChangeSetApplier applier = new ChangeSetApplier(network.client(), claims, quick);
            for (ChangeSet.Change c : engine.apply(List.of(changed)).changes()) {
                applier.apply(c.translation().toString(), before.getOrDefault(c.translation(), List.of()), c.content());
            }
        }
        List<HasMetadata> now = new ArrayList<>(objects);
        for (HasMetadata object : changed) {
            now.removeIf(o -> o.getKind().equals(object.getKind())
                    && o.getMetadata().getName().equals(object.getMetadata().getName())
                    && Objects.equals(o.getMetadata().getNamespace(), object.getMetadata().getNamespace()));
            now.add(object);
        }
        objects = now;
        reread();
    }

    /** The sample object of this kind and name. */
    <T extends HasMetadata> T sample(Class<T> kind, String namespace, String name) {
        return objects.stream().filter(kind::isInstance).map(kind::cast)
                .filter(o -> o.getMetadata().getName().equals(name) && namespace.equals(o.getMetadata().getNamespace()))
                .findFirst().orElseThrow();
    }

    /** Reads MidoNet's topology again, after a test changed it behind the translation's back. */
    void reread() {
        Topology topology = network.topology();
        this.endpoints = new TraceEndpoints(topology, TraceEndpoints.of(objects));
        this.tracer = new Tracer(topology, endpoints.labelsByInterface());
    }

    /** With the built-in rules. */
    static SampleNetwork ours() throws IOException {
        return start(RuleBase.compile(RuleSource.builtIn()));
    }

    /** With the original's translation of endpoints: one chain per endpoint, jumped to in turn. */
    static SampleNetwork original() throws IOException {
        return start(RuleBase.compile(RuleSource.overlay(RuleSource.builtIn(),
                RuleSource.fromDirectory(Path.of("examples/rules/original-endpoints")))));
    }

    private static SampleNetwork start(KieBase rules) throws IOException {
        ManifestReader.Result read = ManifestReader.read(List.of("samples/"), System.in);
        assertThat(read.problems()).isEmpty();
        OfflineNetwork network = OfflineNetwork.start(read.objects(), rules, Ids.DEFAULT_TENANT);
        assertThat(network.failures()).as("Translations MidoNet refused").isEmpty();
        return new SampleNetwork(network, rules, read.objects());
    }

    /** Every outcome of sending from one end to the other, with the replies. */
    List<Tracer.Outcome> send(String from, String to, int protocol) {
        TraceEndpoints.Destination destination = endpoints.destination(to);
        return tracer.outcomes(endpoints.sender(from), destination.ip(), protocol, 40000, destination.port(), true,
                new NatState());
    }

    List<Tracer.Outcome> send(String from, String to) {
        TraceEndpoints.Destination destination = endpoints.destination(to);
        return send(from, to, destination.protocol() == null ? Packet.TCP : destination.protocol());
    }

    /** Where the forward packets of these outcomes were delivered, by port label. */
    static Set<String> deliveredTo(List<Tracer.Outcome> outcomes) {
        Set<String> labels = new TreeSet<>();
        outcomes.forEach(o -> o.forward().deliveries().forEach(d -> labels.add(d.label())));
        return labels;
    }

    @Override
    public void close() {
        network.close();
    }
}

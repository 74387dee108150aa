package org.midonet.kube.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.kie.api.KieBase;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.translate.Ids;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.RuleSource;

/**
 * The cluster of samples/ translated by a rule set, applied to the MidoNet emulator and read back through the
 * REST API: what the connectivity tests trace packets through.
 */
final class SampleNetwork implements AutoCloseable {
    final OfflineNetwork network;
    private final List<HasMetadata> objects;
    Tracer tracer;
    TraceEndpoints endpoints;

    private SampleNetwork(OfflineNetwork network, List<HasMetadata> objects) {
        this.network = network;
        this.objects = objects;
        reread();
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
        return new SampleNetwork(network, read.objects());
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

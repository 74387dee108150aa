package org.midonet.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.midonet.client.MidonetClient;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;
import org.midonet.kube.testing.MidonetAssertions;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.TranslationId;

/** An emulator with the hosts of samples/, a client and an applier on it, and checks of its state. */
final class EmulatorFixture implements AutoCloseable {
    /** The MidoNet hosts of the nodes in samples/nodes.yaml. */
    static final List<SimHost> SAMPLE_HOSTS = List.of(
            new SimHost(UUID.fromString("3f6c1f6e-2f6b-4a35-9d6e-0c1d2e3f4a01"), "master-1", true, List.of("192.168.10.11")),
            new SimHost(UUID.fromString("3f6c1f6e-2f6b-4a35-9d6e-0c1d2e3f4a02"), "worker-1", true, List.of("192.168.10.12")),
            new SimHost(UUID.fromString("3f6c1f6e-2f6b-4a35-9d6e-0c1d2e3f4a03"), "worker-2", true, List.of("192.168.10.13")));

    final MidonetSim sim;
    final MidonetClient client;
    final ChangeSetApplier applier;
    final BatchApplier batch;
    /** What was last applied, per Translation name, as a controller would record it. */
    final Map<String, List<MidonetResource>> applied = new HashMap<>();

    EmulatorFixture(SimOptions.Builder options, Backoff backoff) throws IOException {
        SimOptions.Builder builder = options.port(0);
        SAMPLE_HOSTS.forEach(builder::host);
        sim = MidonetSim.start(builder.build());
        client = new MidonetClient(MidonetClientConfig.of(sim.apiUri()).withCredentials("admin", "admin", null)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)), new SimpleMeterRegistry());
        applier = new ChangeSetApplier(client, new ClaimRegistry(), backoff);
        batch = new BatchApplier(applier, 4, backoff);
    }

    static EmulatorFixture quiet() throws IOException {
        return new EmulatorFixture(SimOptions.builder(), noWait());
    }

    static Backoff noWait() {
        return new Backoff(Duration.ofMillis(1), Duration.ofMillis(5), 8, d -> Thread.sleep(d.toMillis()));
    }

    static List<HasMetadata> samples() {
        ManifestReader.Result read = ManifestReader.read(List.of("samples/"), System.in);
        assertThat(read.problems()).isEmpty();
        return read.objects();
    }

    /** Applies the Translations a change set touched, from what was last applied to their new content. */
    BatchApplier.Outcome apply(ChangeSet changes) {
        List<TranslationWork> work = new ArrayList<>();
        for (ChangeSet.Change c : changes.changes()) {
            String name = c.translation().toString();
            work.add(new TranslationWork(name, applied.getOrDefault(name, List.of()), c.content()));
        }
        work.sort(EmulatorFixture::globalsFirst);
        BatchApplier.Outcome outcome = batch.apply(work);
        for (TranslationWork w : work) {
            if (!outcome.failed().containsKey(w.name())) {
                applied.put(w.name(), w.desired());
            }
        }
        return outcome;
    }

    private static int globalsFirst(TranslationWork a, TranslationWork b) {
        return Boolean.compare(!a.name().startsWith("kube-system/midonet-global."),
                !b.name().startsWith("kube-system/midonet-global."));
    }

    long writes() {
        return sim.stats().writes();
    }

    /** Every desired object is in MidoNet as desired, nothing else is, and rules are in their positions' order. */
    void assertHolds(Collection<List<MidonetResource>> translations) {
        MidonetAssertions.assertHolds(sim, client, translations);
    }

    static Collection<List<MidonetResource>> contents(Map<TranslationId, List<MidonetResource>> translations) {
        return translations.values();
    }

    @Override
    public void close() {
        client.close();
        sim.close();
    }
}

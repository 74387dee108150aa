package org.midonet.kube.midonet.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;

class MidonetRefTest {

    @Test
    void namesEveryObjectOfTheSamplesByItsItemPathAndReadsBackWhatItWrites() {
        List<MidonetResource> all;
        try (TranslationEngine engine = new TranslationEngine(RuleBase.builtIn(), "midonetkube")) {
            engine.apply(ManifestReader.read(List.of("samples/"), System.in).objects());
            all = engine.translations().values().stream().flatMap(List::stream).toList();
        }
        Set<ResourceKind> kinds = EnumSet.noneOf(ResourceKind.class);
        for (MidonetResource r : all) {
            MidonetRef ref = MidonetRef.of(r);
            assertThat(ref.itemPath()).as(ref.toString()).isEqualTo(r.itemPath());
            assertThat(MidonetRef.parse(ref.toString())).isEqualTo(ref);
            kinds.add(r.kind());
        }
        assertThat(kinds).as("the samples hold every kind but tunnel zones' own").containsAll(
                EnumSet.complementOf(EnumSet.of(ResourceKind.TUNNEL_ZONE)));
    }

    @Test
    void aParentIsWrittenOnlyWhereThePathNeedsIt() {
        UUID bridge = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
        UUID port = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
        UUID chain = UUID.fromString("00000000-0000-0000-0000-0000000000d1");
        assertThat(MidonetRef.of(new MacPort(bridge, "02:00:0a:01:00:0a", port)))
                .hasToString("MACPort/" + bridge + "/02-00-0a-01-00-0a_" + port)
                .extracting(MidonetRef::itemPath).isEqualTo("/bridges/" + bridge + "/mac_table/02-00-0a-01-00-0a_" + port);
        assertThat(MidonetRef.of(new Ip4MacPair(bridge, "10.1.0.10", "02:00:0a:01:00:0a")).itemPath())
                .isEqualTo("/bridges/" + bridge + "/arp_table/10.1.0.10_02-00-0a-01-00-0a");
        assertThat(MidonetRef.of(new Chain(chain, "KUBE-SERVICES", "t"))).hasToString("Chain/" + chain);
        assertThat(MidonetRef.parse("Rule/" + port)).isEqualTo(new MidonetRef(ResourceKind.RULE, null, port.toString()));
    }

    @Test
    void textThatIsNotAReferenceIsRefusedSayingWhy() {
        assertThatThrownBy(() -> MidonetRef.parse("Rule")).hasMessageContaining("Kind/key or Kind/parent/key");
        assertThatThrownBy(() -> MidonetRef.parse("Widget/x")).hasMessageContaining("unknown MidoNet resource kind 'Widget'");
        assertThatThrownBy(() -> MidonetRef.parse("MACPort/02-00_x")).hasMessageContaining("needs parent id");
        assertThatThrownBy(() -> MidonetRef.parse("Rule/a/b")).hasMessageContaining("takes no parent id");
        assertThatThrownBy(() -> MidonetRef.parse("MACPort/not-a-uuid/k")).hasMessageContaining("MACPort/not-a-uuid/k");
        assertThatThrownBy(() -> MidonetRef.parse("Rule/")).hasMessageContaining("not a MidoNet object reference");
    }
}

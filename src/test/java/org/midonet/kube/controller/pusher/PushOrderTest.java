package org.midonet.kube.controller.pusher;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.midonet.kube.k8s.ManifestReader;
import org.midonet.kube.midonet.model.Bridge;
import org.midonet.kube.midonet.model.BridgePort;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.HostInterfacePort;
import org.midonet.kube.midonet.model.MacPort;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.PortLink;
import org.midonet.kube.midonet.model.Route;
import org.midonet.kube.midonet.model.TunnelZoneHost;
import org.midonet.kube.translate.PushOrder;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/**
 * Pushed in rank order, no Translation of the sample cluster reaches MidoNet before the Translations holding
 * what it refers to: none waits for a referent at a cold start.
 */
class PushOrderTest {

    @Test
    void everyReferentIsHeldByATranslationRankedEarlier() {
        List<HasMetadata> objects = ManifestReader.read(List.of("samples/"), System.in).objects();
        Map<TranslationId, List<MidonetResource>> translations;
        try (TranslationEngine engine = new TranslationEngine(RuleBase.builtIn(), "midonetkube")) {
            engine.apply(objects);
            translations = engine.translations();
        }
        Map<UUID, TranslationId> holders = new HashMap<>();
        translations.forEach((id, resources) -> resources.forEach(r -> ownId(r).ifPresent(uuid -> holders.put(uuid, id))));

        List<String> tooEarly = new ArrayList<>();
        translations.forEach((id, resources) -> {
            int rank = PushOrder.rank(id, resources);
            for (MidonetResource r : resources) {
                referents(r).map(holders::get).filter(Objects::nonNull).filter(holder -> !holder.equals(id))
                        .filter(holder -> PushOrder.rank(holder, translations.get(holder)) >= rank)
                        .forEach(holder -> tooEarly.add(id + " (" + rank + ") before " + holder + " ("
                                + PushOrder.rank(holder, translations.get(holder)) + ")"));
            }
        });

        assertThat(tooEarly).isEmpty();
    }

    /** The id others refer to it by; a tunnel-zone membership stands for its host, which bindings need in a zone. */
    private static Optional<UUID> ownId(MidonetResource r) {
        if (r instanceof TunnelZoneHost member) {
            return Optional.of(member.hostId());
        }
        try {
            return Optional.of(UUID.fromString(r.key()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What a resource needs in MidoNet before it can be created. */
    private static Stream<UUID> referents(MidonetResource r) {
        List<UUID> ids = new ArrayList<>();
        ids.add(r.parent());
        if (r instanceof Bridge b) {
            ids.add(b.inboundFilterId());
        } else if (r instanceof BridgePort p) {
            ids.add(p.outboundFilterId());
        } else if (r instanceof PortLink l) {
            ids.add(l.peerId());
        } else if (r instanceof Route route) {
            ids.add(route.nextHopPort());
        } else if (r instanceof ChainRule rule) {
            ids.add(rule.jumpChainId());
        } else if (r instanceof HostInterfacePort binding) {
            ids.add(binding.portId());
            ids.add(binding.hostId());
        } else if (r instanceof MacPort mac) {
            ids.add(mac.portId());
        }
        return ids.stream().filter(Objects::nonNull);
    }
}

package org.midonet.kube.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.kie.api.KieBase;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.controller.annotator.NodeAnnotator;
import org.midonet.kube.controller.ops.ReadinessCheck;
import org.midonet.kube.controller.pusher.Pusher;
import org.midonet.kube.controller.pusher.PusherOptions;
import org.midonet.kube.controller.translation.TranslationController;
import org.midonet.kube.controller.translation.TranslationControllerOptions;
import org.midonet.kube.k8s.DerivedTranslations;
import org.midonet.kube.midonet.client.MidonetClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controllers that run together: translation (Kubernetes objects to Translations), the pusher
 * (Translations to MidoNet) and the node annotator, each only if enabled, as the original's
 * MIDONETKUBE_ENABLED_CONTROLLERS said (node, pod, service, endpoints, pusher, nodeannotator).
 */
public final class ControllerSet implements AutoCloseable {
    public static final Set<String> ALL = Set.of("node", "pod", "service", "endpoints", "pusher", "nodeannotator");
    private static final Logger LOG = LoggerFactory.getLogger(ControllerSet.class);
    private static final Set<String> TRANSLATING = Set.of("node", "pod", "service", "endpoints");

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, ReadinessCheck> readiness = new LinkedHashMap<>();
    private TranslationController translation;
    private Pusher pusher;

    /**
     * What the set needs; mayWrite tells the node annotator whether this replica leads; clusterCidr (null: none)
     * is the network of all pod CIDRs.
     */
    public record Settings(KubernetesClient kube, MidonetClient midonet, KieBase rules, String tenant, MeterRegistry registry,
            Set<String> enabled, PusherOptions pusher, BooleanSupplier mayWrite, Cidr clusterCidr) {

        public Settings(KubernetesClient kube, MidonetClient midonet, KieBase rules, String tenant, MeterRegistry registry,
                Set<String> enabled, PusherOptions pusher, BooleanSupplier mayWrite) {
            this(kube, midonet, rules, tenant, registry, enabled, pusher, mayWrite, null);
        }
    }

    /** Starts the enabled controllers; they keep running until {@link #close()}. */
    public static ControllerSet start(Settings s) {
        for (String name : s.enabled()) {
            if (!ALL.contains(name)) {
                throw new IllegalArgumentException("unknown controller '" + name
                        + "' (known: node, pod, service, endpoints, pusher, nodeannotator)");
            }
        }
        ControllerSet set = new ControllerSet();
        boolean translating = s.enabled().stream().anyMatch(TRANSLATING::contains);
        // the pusher pushes only what the translation controller beside it derived
        DerivedTranslations derived = translating ? DerivedTranslations.checked() : DerivedTranslations.trustingAll();
        if (translating) {
            set.translation = new TranslationController(s.kube(), s.rules(), s.tenant(), s.registry(),
                    TranslationControllerOptions.defaults().withClusterCidr(s.clusterCidr()), derived);
            set.translation.start();
            set.started.add(set.translation);
            set.readiness.put("translation", () -> set.translation.hasSynced() ? ReadinessCheck.Status.ok()
                    : ReadinessCheck.Status.notReady("listing the cluster's objects"));
        }
        if (s.enabled().contains("pusher")) {
            if (derived.trusting()) {
                LOG.warn("the pusher runs without the translation controller: it pushes every Translation, whoever wrote it");
            }
            set.pusher = new Pusher(s.kube(), s.midonet(), s.registry(), s.pusher(), derived);
            set.pusher.start();
            set.started.add(set.pusher);
        }
        if (s.enabled().contains("nodeannotator")) {
            NodeAnnotator annotator = new NodeAnnotator(s.kube(), s.midonet(), NodeAnnotator.DEFAULT_RETRY_PERIOD, s.mayWrite())
                    .start();
            set.started.add(annotator);
            set.readiness.put("node annotator", () -> annotator.hasSynced() ? ReadinessCheck.Status.ok()
                    : ReadinessCheck.Status.notReady("listing nodes"));
        }
        return set;
    }

    /** Ready once every enabled controller has listed what it watches. */
    public ReadinessCheck readiness() {
        return ReadinessCheck.all(readiness);
    }

    /** The pusher, when enabled (null otherwise). */
    public Pusher pusher() {
        return pusher;
    }

    /** The translation controller, when enabled (null otherwise). */
    public TranslationController translation() {
        return translation;
    }

    /** Stops the controllers in the reverse order of their start. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", started.get(i), e.toString());
            }
        }
        started.clear();
    }
}

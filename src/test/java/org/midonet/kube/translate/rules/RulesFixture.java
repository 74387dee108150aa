package org.midonet.kube.translate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.kie.api.KieBase;
import org.midonet.kube.midonet.model.ChainRule;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.testing.K8s;
import org.midonet.kube.translate.ChangeSet;
import org.midonet.kube.translate.Ids;
import org.midonet.kube.translate.Owner;
import org.midonet.kube.translate.RuleBase;
import org.midonet.kube.translate.TranslationEngine;
import org.midonet.kube.translate.TranslationId;

/**
 * What the rule tests share: one compiled rule base, a fresh engine per test, the ids and Translation names
 * the original midonet-kubernetes used (spelled out from its algorithm, see docs/mapping.md, not from the rules),
 * and queries over an engine's Translations.
 */
final class RulesFixture {
    static final String TENANT = "midonetkube";
    static final Ids IDS = Ids.forTenant(TENANT);

    /** KUBE-MAIN: IDForKey("midonet-global", "chain"); the other global ids are sub-ids of it. */
    static final UUID MAIN_CHAIN = IDS.idForKey("midonet-global", "chain");
    static final UUID PRE_CHAIN = Ids.subId(MAIN_CHAIN, "Pre Chain");
    static final UUID SERVICES_CHAIN = Ids.subId(MAIN_CHAIN, "Services Chain");
    /** KUBE-HAIRPIN: not in the original, a sub-id of KUBE-MAIN like the others. */
    static final UUID HAIRPIN_CHAIN = Ids.subId(MAIN_CHAIN, "Hairpin Chain");
    static final UUID CLUSTER_ROUTER = Ids.subId(MAIN_CHAIN, "Cluster Router");
    static final UUID DEFAULT_TUNNEL_ZONE = Ids.subId(MAIN_CHAIN, "Default Tunnel Zone");

    static final String HOST_1 = "44fb4381-c99d-4389-86c3-fdca765bcbde";
    static final String HOST_2 = "5c2f3e7a-1d0b-4e8a-9b6c-7a1e2d3f4b5c";
    static final String HOST_3 = "6d3a4f8b-2e1c-4f9b-8c7d-8b2f3e4a5c6d";

    private static KieBase kieBase;

    private RulesFixture() {
    }

    /** The built-in rules, compiled once for all rule tests. */
    static synchronized KieBase kieBase() {
        if (kieBase == null) {
            kieBase = RuleBase.builtIn();
        }
        return kieBase;
    }

    static TranslationEngine newEngine() {
        return new TranslationEngine(kieBase(), TENANT);
    }

    // ---- ids of the original scheme ----

    static UUID nodeBridge(String node) {
        return IDS.idForKey("Node", node);
    }

    static UUID nodeSub(String node, String name) {
        return Ids.subId(nodeBridge(node), name);
    }

    static UUID podPort(String namespace, String name) {
        return IDS.idForKey("Pod", namespace + "/" + name);
    }

    /** KUBE-HAIRPIN-<node>: the chain that KUBE-HAIRPIN jumps to for packets within the node's pod CIDR. */
    static UUID nodeHairpinChain(String node) {
        return nodeSub(node, "Hairpin Chain");
    }

    // ---- the hairpin rules, spelled out ----

    /** The jump in KUBE-HAIRPIN to a node's hairpin chain, for IPv4 packets from and to its pod CIDR. */
    static ChainRule nodeHairpinJump(String node, String podCidrAddress, int prefixLength) {
        return new ChainRule(HAIRPIN_CHAIN, nodeSub(node, "Jump To Hairpin/" + podCidrAddress + "/" + prefixLength),
                ChainRule.Type.JUMP, 1, ChainRule.IPV4,
                podCidrAddress, prefixLength, podCidrAddress, prefixLength, null, null, nodeHairpinChain(node), null,
                null);
    }

    /**
     * The hairpin SNAT of a pod in its node's hairpin chain: a packet from and to the pod's own address gets
     * the node's gateway as source, and is accepted.
     */
    static ChainRule podHairpinSnat(String namespace, String pod, String ip, String node, String gateway) {
        return new ChainRule(nodeHairpinChain(node), Ids.subId(podPort(namespace, pod), "Hairpin SNAT/" + ip + "/" + gateway),
                ChainRule.Type.SNAT, 1, ChainRule.IPV4, ip, 32, ip, 32, null, null, null, ChainRule.FlowAction.ACCEPT,
                List.of(new ChainRule.NatTarget(gateway, gateway, 30000, 60000)));
    }

    static UUID servicePortChain(String namespace, String service, String port) {
        return IDS.idForKey("ServicePort", namespace + "/" + service + "/" + port);
    }

    // ---- Translation ids ----

    static TranslationId globalTranslation(String name) {
        return new TranslationId("kube-system", "midonet-global.4." + name, null);
    }

    static Owner nodeOwner(String node) {
        return new Owner("v1", "Node", null, node, K8s.uid("node/" + node));
    }

    static Owner podOwner(String namespace, String pod) {
        return new Owner("v1", "Pod", namespace, pod, K8s.uid("pod/" + namespace + "/" + pod));
    }

    static Owner serviceOwner(String namespace, String service) {
        return new Owner("v1", "Service", namespace, service, K8s.uid("svc/" + namespace + "/" + service));
    }

    /** A Translation of a Node: in namespace "default", named from its kind, version and key name. */
    static TranslationId nodeTranslation(String kind, String version, String node, String keyName) {
        return new TranslationId("default", translationName(kind, version, keyName), nodeOwner(node));
    }

    static TranslationId podTranslation(String kind, String version, String namespace, String pod, String keyName) {
        return new TranslationId(namespace, translationName(kind, version, keyName), podOwner(namespace, pod));
    }

    static TranslationId serviceTranslation(String kind, String namespace, String service, String keyName) {
        return new TranslationId(namespace, translationName(kind, "4", keyName), serviceOwner(namespace, service));
    }

    /** makeDNS(lower(kind) + "." + version + "." + keyName), the original's name (docs/mapping.md, "Translations"). */
    static String translationName(String kind, String version, String keyName) {
        String s = kind.toLowerCase(Locale.ROOT) + "." + version + "." + keyName;
        String converted = s.replace('/', '-').toLowerCase(Locale.ROOT);
        return converted.equals(s) ? s : converted + "-" + hex(digest("SHA-1", s));
    }

    /** The original's MAC for a key: ac:ca:ba and the first three bytes of SHA-256(key). */
    static String macForKey(String key) {
        byte[] h = digest("SHA-256", key);
        return String.format("ac:ca:ba:%02x:%02x:%02x", h[0], h[1], h[2]);
    }

    /** The original's host-side veth of a Pod: "mido" and 11 hex digits of SHA-1("namespace/name"). */
    static String podInterface(String namespace, String pod) {
        return "mido" + hex(digest("SHA-1", namespace + "/" + pod)).substring(0, 11);
    }

    private static byte[] digest(String algorithm, String s) {
        try {
            return MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    // ---- queries ----

    /** The content of one Translation; fails when the engine has no such Translation. */
    static List<MidonetResource> contentOf(TranslationEngine engine, TranslationId id) {
        SortedMap<TranslationId, List<MidonetResource>> all = engine.translations();
        // the map compares by namespace and name only: check the whole id, owner included
        assertThat(List.copyOf(all.keySet())).as("Translations").contains(id);
        return all.get(id);
    }

    /** The Translations that belong to one Kubernetes object. */
    static SortedMap<TranslationId, List<MidonetResource>> ownedBy(TranslationEngine engine, Owner owner) {
        SortedMap<TranslationId, List<MidonetResource>> owned = new TreeMap<>();
        engine.translations().forEach((id, content) -> {
            if (owner.equals(id.owner())) {
                owned.put(id, content);
            }
        });
        return owned;
    }

    /** Every resource of one type, from all Translations. */
    static <T extends MidonetResource> List<T> all(TranslationEngine engine, Class<T> type) {
        return engine.translations().values().stream().flatMap(List::stream)
                .filter(type::isInstance).map(type::cast).toList();
    }

    /** The rules of one chain, from all Translations, by position. */
    static List<ChainRule> rulesOf(TranslationEngine engine, UUID chain) {
        return all(engine, ChainRule.class).stream().filter(r -> chain.equals(r.chainId()))
                .sorted(Comparator.comparingInt(ChainRule::position)).toList();
    }

    static <T extends MidonetResource> List<T> ofType(List<MidonetResource> resources, Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The change of one Translation in a ChangeSet; fails when the Translation did not change. */
    static ChangeSet.Change changeOf(ChangeSet changes, TranslationId id) {
        return changes.changes().stream().filter(c -> c.translation().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no change of " + id + " in " + changedTranslations(changes)));
    }

    static List<TranslationId> changedTranslations(ChangeSet changes) {
        return changes.changes().stream().map(ChangeSet.Change::translation).toList();
    }

    /** A snapshot of all Translations, to compare with after a change. */
    static Map<TranslationId, List<MidonetResource>> snapshot(TranslationEngine engine) {
        return new TreeMap<>(engine.translations());
    }
}

package org.midonet.kube.controller.pusher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.midonet.kube.apply.ClaimRegistry;
import org.midonet.kube.apply.Identity;
import org.midonet.kube.controller.pusher.DriftRepair.Pushed;
import org.midonet.kube.midonet.model.Chain;
import org.midonet.kube.midonet.model.Ip4MacPair;
import org.midonet.kube.midonet.model.MacPort;
import org.midonet.kube.midonet.model.MidonetRef;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.ResourceKind;
import org.midonet.kube.midonet.model.Router;

/**
 * What the resync deletes although no Translation names it, found in the listings of our devices' collections
 * (never in a collection whose listing failed):
 * <ul>
 *   <li>a rule of a chain we hold that no Translation holds;</li>
 *   <li>a route of a router we hold that no Translation holds, unless MidoNet made it: the {@code Local} route to a
 *       port's own address that MidoNet adds with each router port, and learned routes;</li>
 *   <li>an entry of a bridge's MAC table for a MAC that a Translation puts at another port of that bridge, and an
 *       entry of its ARP table for an address that a Translation gives another MAC (a hijack). Other entries are
 *       left alone: MidoNet lists the entries its agents learned with those made through the API, and the two
 *       cannot be told apart.</li>
 * </ul>
 */
final class Strays {
    private Strays() {
    }

    /** An object to delete, the Translation whose device holds it, and why it is a stray. */
    record Stray(MidonetRef object, String owner, String why) {
    }

    static String rulesOf(Chain chain) {
        return "/chains/" + chain.id() + "/rules";
    }

    static String routesOf(Router router) {
        return "/routers/" + router.id() + "/routes";
    }

    static String portsOf(Router router) {
        return "/routers/" + router.id() + "/ports";
    }

    static List<Stray> find(List<Pushed> pushed, MidonetListings listings, ClaimRegistry claims) {
        List<Stray> strays = new ArrayList<>();
        strays.addAll(rules(pushed, listings, claims));
        strays.addAll(routes(pushed, listings, claims));
        strays.addAll(tableEntries(pushed, listings, claims));
        return strays;
    }

    private static List<Stray> rules(List<Pushed> pushed, MidonetListings listings, ClaimRegistry claims) {
        List<Stray> strays = new ArrayList<>();
        held(pushed, Chain.class).forEach((chain, owner) -> {
            Set<String> rules = listings.keys(rulesOf(chain));
            for (String rule : rules == null ? Set.<String>of() : rules) {
                MidonetRef ref = new MidonetRef(ResourceKind.RULE, null, rule);
                if (!claims.claimedBy(Identity.of(ref))) {
                    strays.add(new Stray(ref, owner, "a rule of chain " + chain.id() + " that no Translation holds"));
                }
            }
        });
        return strays;
    }

    private static List<Stray> routes(List<Pushed> pushed, MidonetListings listings, ClaimRegistry claims) {
        List<Stray> strays = new ArrayList<>();
        held(pushed, Router.class).forEach((router, owner) -> {
            Map<String, JsonNode> routes = listings.items(routesOf(router));
            Map<String, JsonNode> ports = listings.items(portsOf(router));
            if (routes == null || ports == null) {
                return; // without both listings a route of MidoNet's cannot be told from a stray
            }
            Map<String, Set<String>> addressesByPort = new HashMap<>();
            ports.forEach((port, json) -> addressesByPort.put(port, addresses(json)));
            routes.forEach((id, route) -> {
                MidonetRef ref = new MidonetRef(ResourceKind.ROUTE, null, id);
                if (!claims.claimedBy(Identity.of(ref)) && !madeByMidonet(route, addressesByPort)) {
                    strays.add(new Stray(ref, owner, "a route of router " + router.id() + " to "
                            + route.path("dstNetworkAddr").asText() + "/" + route.path("dstNetworkLength").asText()
                            + " that no Translation holds"));
                }
            });
        });
        return strays;
    }

    /** A learned route, or the Local route to one of a port's own addresses, through that port. */
    private static boolean madeByMidonet(JsonNode route, Map<String, Set<String>> addressesByPort) {
        if (route.path("learned").asBoolean(false)) {
            return true;
        }
        Set<String> own = addressesByPort.get(lower(route.path("nextHopPort").asText()));
        return "Local".equals(route.path("type").asText()) && route.path("dstNetworkLength").asInt(-1) == 32
                && own != null && own.contains(route.path("dstNetworkAddr").asText());
    }

    /** A router port's addresses: those of portSubnet (5.4.1 and later) and portAddress. */
    private static Set<String> addresses(JsonNode port) {
        Set<String> addresses = new HashSet<>();
        for (JsonNode subnet : port.path("portSubnet")) {
            String text = subnet.asText();
            addresses.add(text.contains("/") ? text.substring(0, text.indexOf('/')) : text);
        }
        if (port.hasNonNull("portAddress")) {
            addresses.add(port.path("portAddress").asText());
        }
        return addresses;
    }

    private static List<Stray> tableEntries(List<Pushed> pushed, MidonetListings listings, ClaimRegistry claims) {
        Map<UUID, Map<String, Set<String>>> portsByMac = new LinkedHashMap<>();
        Map<UUID, Map<String, Set<String>>> macsByIp = new LinkedHashMap<>();
        Map<UUID, String> owners = new HashMap<>();
        for (Pushed p : pushed) {
            for (MidonetResource r : p.desired()) {
                if (r instanceof MacPort entry) {
                    portsByMac.computeIfAbsent(entry.bridgeId(), b -> new HashMap<>())
                            .computeIfAbsent(lower(entry.macAddr()), m -> new HashSet<>()).add(lower(entry.portId().toString()));
                    owners.putIfAbsent(entry.bridgeId(), p.key());
                } else if (r instanceof Ip4MacPair entry) {
                    macsByIp.computeIfAbsent(entry.bridgeId(), b -> new HashMap<>())
                            .computeIfAbsent(entry.ip(), i -> new HashSet<>()).add(lower(entry.mac()));
                    owners.putIfAbsent(entry.bridgeId(), p.key());
                }
            }
        }
        List<Stray> strays = new ArrayList<>();
        portsByMac.forEach((bridge, claimed) -> hijacks(listings, claims, ResourceKind.MAC_PORT, bridge, "/mac_table",
                claimed, "macAddr", "portId", owners.get(bridge), strays));
        macsByIp.forEach((bridge, claimed) -> hijacks(listings, claims, ResourceKind.IPV4_MAC_PAIR, bridge, "/arp_table",
                claimed, "ip", "mac", owners.get(bridge), strays));
        return strays;
    }

    /**
     * The entries of a bridge's table whose address (a MAC, an IP) a Translation claims for another target (a port,
     * a MAC) on that bridge, and which no Translation holds.
     */
    private static void hijacks(MidonetListings listings, ClaimRegistry claims, ResourceKind kind, UUID bridge,
            String table, Map<String, Set<String>> claimed, String addressField, String targetField, String owner,
            List<Stray> strays) {
        Map<String, JsonNode> entries = listings.items("/bridges/" + bridge + table);
        if (entries == null) {
            return;
        }
        entries.forEach((key, entry) -> {
            Set<String> targets = claimed.get(lower(entry.path(addressField).asText()));
            MidonetRef ref = new MidonetRef(kind, bridge, key);
            if (targets != null && !targets.contains(lower(entry.path(targetField).asText()))
                    && !claims.claimedBy(Identity.of(ref))) {
                strays.add(new Stray(ref, owner, "an entry of bridge " + bridge + " sending " + entry.path(addressField).asText()
                        + " to " + entry.path(targetField).asText() + ", which a Translation sends to " + targets));
            }
        });
    }

    /** The objects of a type the Translations hold, each with the first Translation holding it. */
    private static <T extends MidonetResource> Map<T, String> held(List<Pushed> pushed, Class<T> type) {
        Map<T, String> held = new LinkedHashMap<>();
        for (Pushed p : pushed) {
            for (MidonetResource r : p.desired()) {
                if (type.isInstance(r)) {
                    held.putIfAbsent(type.cast(r), p.key());
                }
            }
        }
        return held;
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}

package org.midonet.kube.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.midonet.kube.common.Ipv4;
import org.midonet.kube.node.KernelRoute;
import org.midonet.kube.node.Link;
import org.midonet.kube.node.Netns;
import org.midonet.kube.node.NetworkPlumbing;
import org.midonet.kube.node.PlumbingException;
import org.midonet.kube.node.PodMac;
import org.midonet.kube.translate.Names;

/**
 * The CNI operations. ADD connects a Pod's network namespace to the host with a veth pair: the Pod side
 * named as the runtime asks (CNI_IFNAME) with the address IPAM gives and a default route through the node's
 * gateway; the host side named as the controllers expect (Names.podInterfaceName), left for the MidoNet
 * agent to bind to the Pod's port. ADD then reports the Pod's MAC to the node agent, and fails (code 11,
 * undoing everything) when the agent cannot take it: a Pod without its MAC annotation would get no MAC and
 * ARP entries in MidoNet, so it is better for the kubelet to retry than to start a Pod that cannot talk.
 */
final class CniPlugin {
    private final NetworkPlumbing plumbing;
    private final Netns host;
    private final Ipam ipam;
    private final AgentClient agent;

    CniPlugin(NetworkPlumbing plumbing, Netns host, Ipam ipam, AgentClient agent) {
        this.plumbing = plumbing;
        this.host = host;
        this.ipam = ipam;
        this.agent = agent;
    }

    /** Runs one operation and returns what it prints on standard output (nothing for DEL and CHECK). */
    String execute(CniRequest request, byte[] stdin) throws CniError {
        if (request.command() == CniRequest.Command.VERSION) {
            return version(stdin);
        }
        CniConfig config = CniConfig.parse(stdin);
        switch (request.command()) {
            case ADD:
                return add(request, config).toString();
            case DEL:
                del(request, config);
                return "";
            default:
                check(request, config);
                return "";
        }
    }

    private static String version(byte[] stdin) {
        String requested = CniConfig.versionOf(stdin);
        ObjectNode json = CniConfig.JSON.createObjectNode();
        json.put("cniVersion", requested == null ? CniVersions.LATEST : requested);
        ArrayNode versions = json.putArray("supportedVersions");
        CniVersions.SUPPORTED.forEach(versions::add);
        return json.toString();
    }

    private ObjectNode add(CniRequest request, CniConfig config) throws CniError {
        String namespace = request.podNamespace();
        String name = request.podName();
        String hostIf = Names.podInterfaceName(namespace, name);
        Netns pod = Netns.of(request.netns());
        JsonNode ipamResult = ipam.add(request, config);
        try {
            IpamAddress address = IpamAddress.first(ipamResult);
            List<KernelRoute> routes = routes(ipamResult, address, request.ifName());
            String hostMac = Macs.random();
            String podMac = Macs.random();
            createPair(hostIf, hostMac, pod, request.ifName(), podMac, config.mtu());
            plumbing.setUp(host, hostIf);
            plumbing.addAddress(pod, request.ifName(), address.cidr());
            plumbing.setUp(pod, request.ifName());
            for (KernelRoute route : routes) {
                plumbing.replaceRoute(pod, route);
            }
            agent.report(config.agentSocket(), new PodMac(namespace, name, podMac, request.containerId()));
            return result(config, request, address, routes, ipamResult, new Link(hostIf, hostMac, true, List.of()),
                    new Link(request.ifName(), podMac, true, List.of(address.cidr())));
        } catch (PlumbingException e) {
            undo(request, config, hostIf);
            throw new CniError(CniError.PLUMBING_FAILED, "cannot connect the Pod's network namespace", e.getMessage());
        } catch (AgentClient.Refused e) {
            undo(request, config, hostIf);
            throw new CniError(CniError.AGENT_REFUSED, "the node agent refused the Pod's MAC address", e.getMessage());
        } catch (IOException e) {
            undo(request, config, hostIf);
            throw new CniError(CniError.TRY_AGAIN_LATER,
                    "the node agent did not take the Pod's MAC address (is midonet-kube-node running?)",
                    config.agentSocket() + ": " + e.getMessage());
        } catch (CniError | RuntimeException e) {
            undo(request, config, hostIf);
            throw e;
        }
    }

    /**
     * The veth pair, with MACs chosen here so that no query is needed after (every process costs start-up
     * time). A host side left by an earlier sandbox of the same Pod is replaced.
     */
    private void createPair(String hostIf, String hostMac, Netns pod, String ifName, String podMac, int mtu) {
        try {
            plumbing.addVethPair(host, hostIf, hostMac, pod, ifName, podMac, mtu);
        } catch (PlumbingException e) {
            if (!plumbing.deleteLink(host, hostIf)) {
                throw e;
            }
            plumbing.addVethPair(host, hostIf, hostMac, pod, ifName, podMac, mtu);
        }
    }

    /** The default route through the gateway, and the routes IPAM gives (through the gateway unless they say). */
    private static List<KernelRoute> routes(JsonNode ipamResult, IpamAddress address, String ifName) throws CniError {
        List<KernelRoute> routes = new ArrayList<>();
        routes.add(new KernelRoute("0.0.0.0/0", address.gateway(), ifName));
        for (JsonNode route : ipamResult.path("routes")) {
            String dst = route.path("dst").asText();
            if (Ipv4.looksLikeIpv6(dst)) {
                continue;
            }
            if (!IpamAddress.isIpv4Cidr(dst)) {
                throw new CniError(CniError.INVALID_CONFIG, "IPAM gave a route to '" + CniRequest.printable(dst) + "'");
            }
            String gw = route.path("gw").asText(address.gateway());
            if (!Ipv4.isValid(gw)) {
                throw new CniError(CniError.INVALID_CONFIG, "IPAM gave a route through '" + CniRequest.printable(gw) + "'");
            }
            KernelRoute kernelRoute = new KernelRoute(dst, gw, ifName);
            if (!routes.contains(kernelRoute)) {
                routes.add(kernelRoute);
            }
        }
        return routes;
    }

    private static ObjectNode result(CniConfig config, CniRequest request, IpamAddress address, List<KernelRoute> routes,
            JsonNode ipamResult, Link hostLink, Link podLink) {
        ObjectNode result = CniConfig.JSON.createObjectNode();
        result.put("cniVersion", config.cniVersion());
        ArrayNode interfaces = result.putArray("interfaces");
        interfaces.addObject().put("name", hostLink.name()).put("mac", hostLink.mac());
        interfaces.addObject().put("name", podLink.name()).put("mac", podLink.mac()).put("sandbox", request.netns().toString());
        ObjectNode ip = result.putArray("ips").addObject();
        if (CniVersions.ipsHaveVersion(config.cniVersion())) {
            ip.put("version", "4");
        }
        ip.put("address", address.cidr()).put("gateway", address.gateway()).put("interface", 1);
        ArrayNode resultRoutes = result.putArray("routes");
        for (KernelRoute route : routes) {
            resultRoutes.addObject().put("dst", route.destination()).put("gw", route.gateway());
        }
        JsonNode dns = ipamResult.has("dns") ? ipamResult.get("dns") : config.dns();
        if (dns != null && dns.isObject() && !dns.isEmpty()) {
            result.set("dns", dns);
        }
        return result;
    }

    /** Takes back what a failed ADD did; what cannot be undone is left for the runtime's DEL. */
    private void undo(CniRequest request, CniConfig config, String hostIf) {
        try {
            plumbing.deleteLink(host, hostIf);
        } catch (RuntimeException e) {
            System.err.println("midonet-kube: cannot delete " + hostIf + " after a failed ADD: " + e.getMessage());
        }
        try {
            ipam.del(request, config);
        } catch (CniError e) {
            System.err.println("midonet-kube: cannot release the address after a failed ADD: " + e.getMessage());
        }
    }

    /**
     * Deletes the veth pair (from the host side when the Pod is known, else from the namespace side) and
     * releases the address. Anything already gone is success, so DEL can be repeated.
     */
    private void del(CniRequest request, CniConfig config) throws CniError {
        String problem = null;
        try {
            if (request.hasPod()) {
                plumbing.deleteLink(host, Names.podInterfaceName(request.podNamespace(), request.podName()));
            }
        } catch (PlumbingException e) {
            problem = e.getMessage();
        }
        if (request.netns() != null && Files.exists(request.netns())) {
            try {
                plumbing.deleteLink(Netns.of(request.netns()), request.ifName());
            } catch (PlumbingException e) {
                // a namespace that is being torn down; its interfaces go with it
                System.err.println("midonet-kube: " + e.getMessage());
            }
        }
        ipam.del(request, config);
        if (problem != null) {
            throw new CniError(CniError.PLUMBING_FAILED, "cannot delete the Pod's host interface", problem);
        }
    }

    /** Compares the Pod's network with prevResult, the result of its ADD, then asks IPAM to check too. */
    private void check(CniRequest request, CniConfig config) throws CniError {
        if (!CniVersions.hasCheck(config.cniVersion())) {
            throw new CniError(CniError.INCOMPATIBLE_VERSION, "CHECK needs CNI version 0.4.0 or later");
        }
        JsonNode prev = config.prevResult();
        if (prev == null) {
            throw new CniError(CniError.INVALID_CONFIG, "invalid network configuration: CHECK needs prevResult");
        }
        Netns pod = Netns.of(request.netns());
        try {
            Link link = plumbing.link(pod, request.ifName())
                    .orElseThrow(() -> checkFailed(request.ifName() + " is missing from " + request.netns()));
            if (!link.up()) {
                throw checkFailed(request.ifName() + " is down");
            }
            for (JsonNode ip : prev.path("ips")) {
                String cidr = ip.path("address").asText();
                if (!Ipv4.looksLikeIpv6(cidr) && !link.ipv4Addresses().contains(cidr)) {
                    throw checkFailed(request.ifName() + " lacks its address " + cidr + " (has " + link.ipv4Addresses() + ")");
                }
                String gateway = ip.path("gateway").asText(null);
                if (gateway != null && !Ipv4.looksLikeIpv6(gateway) && !plumbing.routes(pod)
                        .contains(new KernelRoute("0.0.0.0/0", gateway, request.ifName()))) {
                    throw checkFailed("no default route through " + gateway + " on " + request.ifName());
                }
            }
            for (JsonNode iface : prev.path("interfaces")) {
                if (iface.path("name").asText().equals(request.ifName()) && iface.has("mac")
                        && !iface.path("mac").asText().equalsIgnoreCase(link.mac())) {
                    throw checkFailed(request.ifName() + " has MAC " + link.mac() + ", not " + iface.path("mac").asText());
                }
            }
            if (request.hasPod()) {
                String hostIf = Names.podInterfaceName(request.podNamespace(), request.podName());
                Link hostLink = plumbing.link(host, hostIf)
                        .orElseThrow(() -> checkFailed("the host interface " + hostIf + " is missing"));
                if (!hostLink.up()) {
                    throw checkFailed("the host interface " + hostIf + " is down");
                }
            }
        } catch (PlumbingException e) {
            throw new CniError(CniError.PLUMBING_FAILED, "cannot read the Pod's network", e.getMessage());
        }
        ipam.check(request, config);
    }

    private static CniError checkFailed(String message) {
        return new CniError(CniError.CHECK_FAILED, message);
    }

    /** The first IPv4 address IPAM gave, with its gateway, which the Pod's default route goes through. */
    record IpamAddress(String cidr, String gateway) {
        static IpamAddress first(JsonNode ipamResult) throws CniError {
            for (JsonNode ip : ipamResult.path("ips")) {
                String cidr = ip.path("address").asText();
                if (Ipv4.looksLikeIpv6(cidr)) {
                    continue;
                }
                String gateway = ip.path("gateway").asText(null);
                if (!isIpv4Cidr(cidr) || gateway == null || !Ipv4.isValid(gateway)) {
                    throw new CniError(CniError.INVALID_CONFIG, "IPAM must give an IPv4 address/prefix and a gateway, not "
                            + CniRequest.printable(ip.toString()));
                }
                return new IpamAddress(cidr, gateway);
            }
            throw new CniError(CniError.INVALID_CONFIG, "IPAM gave no IPv4 address");
        }

        static boolean isIpv4Cidr(String s) {
            int slash = s.indexOf('/');
            if (slash < 0 || !Ipv4.isValid(s.substring(0, slash))) {
                return false;
            }
            String prefix = s.substring(slash + 1);
            return prefix.matches("[0-9]|[12][0-9]|3[0-2]");
        }
    }
}

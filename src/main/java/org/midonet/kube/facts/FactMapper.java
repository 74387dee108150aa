package org.midonet.kube.facts;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.common.Ipv4;

/** Maps Kubernetes objects to fact records, validating every field it uses. Pure: no I/O. */
public final class FactMapper {
    public static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    /** The shortest prefix of a node's pod CIDR: 65,536 addresses, far more than a node runs pods. */
    public static final int MIN_POD_CIDR_PREFIX = 16;
    private static final String NOT_SET_YET = "is not set (yet); the node joins the cluster network once it is";

    private FactMapper() {
    }

    public static ObjectRef refOf(HasMetadata object) {
        String kind = object.getKind() == null || object.getKind().isEmpty()
                ? object.getClass().getSimpleName() : object.getKind();
        ObjectMeta meta = object.getMetadata();
        if (meta == null) {
            return new ObjectRef(kind, null, null);
        }
        return new ObjectRef(kind, object instanceof Node ? null : namespace(meta), meta.getName());
    }

    /** The facts of a Node, Pod, Service, EndpointSlice or Endpoints; other kinds map to nothing. */
    public static Mapped map(HasMetadata object) {
        if (object instanceof Node node) {
            return node(node);
        } else if (object instanceof Pod pod) {
            return pod(pod);
        } else if (object instanceof Service service) {
            return service(service);
        } else if (object instanceof EndpointSlice slice) {
            return endpointSlice(slice);
        } else if (object instanceof Endpoints endpoints) {
            return endpoints(endpoints);
        }
        return new Mapped(refOf(object), List.of(), List.of());
    }

    static Mapped node(Node node) {
        Checks c = new Checks(refOf(node));
        ObjectMeta meta = meta(node, c, false);
        if (c.hasErrors()) {
            return c.result();
        }
        Map<String, String> annotations = annotations(meta);
        String hostIdText = annotations.get(Annotations.HOST_ID);
        if (hostIdText == null || hostIdText.isEmpty()) {
            c.notice("metadata.annotations[" + Annotations.HOST_ID + "]", NOT_SET_YET);
            return c.result(new WaitingNode(meta.getName()));
        }
        UUID hostId = c.uuid("metadata.annotations[" + Annotations.HOST_ID + "]", hostIdText);
        if (!hasPodCidr(node)) {
            c.notice("spec.podCIDR", NOT_SET_YET);
            return c.result(new WaitingNode(meta.getName()));
        }
        Cidr podCidr = podCidr(node, c);
        List<NodeFact.NodeAddress> addresses = new ArrayList<>();
        List<NodeAddress> statusAddresses = node.getStatus() == null ? null : node.getStatus().getAddresses();
        each(statusAddresses, "status.addresses", c, (field, a) -> {
            boolean routed = "InternalIP".equals(a.getType()) || "ExternalIP".equals(a.getType());
            if (routed && !Ipv4.looksLikeIpv6(a.getAddress())) {
                String ip = c.ipv4(field + ".address", a.getAddress());
                if (ip != null && addresses.stream().noneMatch(x -> x.ip().equals(ip))) {
                    addresses.add(new NodeFact.NodeAddress(a.getType(), ip));
                }
            }
        });
        UUID zone = null;
        String zoneText = annotations.get(Annotations.TUNNEL_ZONE_ID);
        if (zoneText != null && !zoneText.isEmpty()) {
            zone = c.uuid("metadata.annotations[" + Annotations.TUNNEL_ZONE_ID + "]", zoneText);
        }
        String tunnelIp = annotations.get(Annotations.TUNNEL_ENDPOINT_IP);
        if (tunnelIp != null) {
            tunnelIp = c.ipv4("metadata.annotations[" + Annotations.TUNNEL_ENDPOINT_IP + "]", tunnelIp);
        }
        String mac = c.mac("metadata.annotations[" + Annotations.MAC_ADDRESS + "]", annotations.get(Annotations.MAC_ADDRESS));
        if (c.hasErrors()) {
            return c.result();
        }
        return c.result(new NodeFact(meta.getName(), meta.getUid(), hostId, podCidr, addresses, zone, tunnelIp, mac,
                created(meta)));
    }

    /** Whether Kubernetes has given the node a pod CIDR (valid or not): spec.podCIDR or spec.podCIDRs. */
    private static boolean hasPodCidr(Node node) {
        if (node.getSpec() == null) {
            return false;
        }
        String single = node.getSpec().getPodCIDR();
        List<String> all = node.getSpec().getPodCIDRs();
        return (single != null && !single.isBlank()) || (all != null && all.stream().anyMatch(c -> c != null && !c.isBlank()));
    }

    /** The node's IPv4 pod CIDR: spec.podCIDR, or on a dual-stack node the IPv4 entry of spec.podCIDRs. */
    private static Cidr podCidr(Node node, Checks c) {
        String field = "spec.podCIDR";
        String text = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
        List<String> all = node.getSpec() == null ? null : node.getSpec().getPodCIDRs();
        if (Ipv4.looksLikeIpv6(text) && all != null) {
            for (int i = 0; i < all.size(); i++) {
                if (all.get(i) != null && !Ipv4.looksLikeIpv6(all.get(i))) {
                    field = "spec.podCIDRs[" + i + "]";
                    text = all.get(i);
                    break;
                }
            }
        }
        try {
            Cidr cidr = Cidr.parse(text);
            if (cidr.prefixLength() > 30) {
                c.error(field, "'" + cidr + "' is too small: it needs a gateway and a node address (at most /30)");
            } else if (cidr.prefixLength() < MIN_POD_CIDR_PREFIX) {
                c.error(field, "'" + cidr + "' is too large for one node's pods (at least /" + MIN_POD_CIDR_PREFIX
                        + "): its route would take other networks' traffic");
            }
            return cidr;
        } catch (IllegalArgumentException e) {
            c.error(field, e.getMessage());
            return null;
        }
    }

    static Mapped pod(Pod pod) {
        Checks c = new Checks(refOf(pod));
        ObjectMeta meta = meta(pod, c, true);
        if (c.hasErrors()) {
            return c.result();
        }
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (nodeName == null || nodeName.isEmpty()) {
            return c.result(); // not scheduled yet
        }
        if (pod.getSpec().getHostNetwork() != null && pod.getSpec().getHostNetwork()) {
            return c.result(); // uses its node's network
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return c.result(); // finished: its network is gone
        }
        String ip = podIp(pod, c);
        String mac = c.mac("metadata.annotations[" + Annotations.MAC_ADDRESS + "]",
                annotations(meta).get(Annotations.MAC_ADDRESS));
        if (c.hasErrors()) {
            return c.result();
        }
        return c.result(new PodFact(namespace(meta), meta.getName(), meta.getUid(), nodeName, ip, mac, created(meta)));
    }

    private static String podIp(Pod pod, Checks c) {
        if (pod.getStatus() == null) {
            return null;
        }
        List<PodIP> ips = pod.getStatus().getPodIPs();
        if (ips != null && !ips.isEmpty()) {
            for (int i = 0; i < ips.size(); i++) {
                String ip = ips.get(i) == null ? null : ips.get(i).getIp();
                if (!Ipv4.looksLikeIpv6(ip)) {
                    return c.ipv4("status.podIPs[" + i + "].ip", ip);
                }
            }
            return null;
        }
        String ip = pod.getStatus().getPodIP();
        if (ip == null || ip.isEmpty() || Ipv4.looksLikeIpv6(ip)) {
            return null;
        }
        return c.ipv4("status.podIP", ip);
    }

    static Mapped service(Service service) {
        Checks c = new Checks(refOf(service));
        ObjectMeta meta = meta(service, c, true);
        if (c.hasErrors()) {
            return c.result();
        }
        c.serviceName("metadata.name", meta.getName());
        if (c.hasErrors()) {
            return c.result();
        }
        var spec = service.getSpec();
        if (spec == null || "ExternalName".equals(spec.getType())) {
            return c.result(); // no ClusterIP to implement
        }
        String clusterIp = clusterIpv4(spec.getClusterIP(), spec.getClusterIPs(), c);
        if (clusterIp == null) {
            return c.result();
        }
        if (c.hasErrors()) {
            return c.result();
        }
        List<ServiceFact.ServicePort> ports = servicePorts(spec.getPorts(), c);
        if (c.hasErrors()) {
            return c.result();
        }
        return c.result(new ServiceFact(namespace(meta), meta.getName(), meta.getUid(), clusterIp, ports, created(meta)));
    }

    /** As the API server validates them: several ports are each named, names and port/protocol pairs unique. */
    private static List<ServiceFact.ServicePort> servicePorts(List<ServicePort> specPorts,
            Checks c) {
        List<ServiceFact.ServicePort> ports = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        boolean several = specPorts != null && specPorts.size() > 1;
        each(specPorts, "spec.ports", c, (field, p) -> {
            String name = p.getName() == null ? "" : p.getName();
            if (name.isEmpty() && several) {
                c.error(field + ".name", "is missing: each port of a Service with several ports needs a name");
            } else if (!names.add(name)) {
                c.error(field + ".name", "'" + name + "' is used by another port of the Service");
            }
            Protocol protocol = c.protocol(field + ".protocol", p.getProtocol());
            int port = c.port(field + ".port", p.getPort());
            if (protocol != null && port != 0 && !numbers.add(port + "/" + protocol)) {
                c.error(field, port + "/" + protocol + " is used by another port of the Service");
            }
            ports.add(new ServiceFact.ServicePort(name, protocol, port));
        });
        return ports;
    }

    private static String clusterIpv4(String primary, List<String> all, Checks c) {
        if (primary == null || primary.isEmpty() || "None".equals(primary)) {
            return null; // headless, or not allocated yet
        }
        List<String> candidates = all == null || all.isEmpty() ? List.of(primary) : all;
        for (int i = 0; i < candidates.size(); i++) {
            String ip = candidates.get(i);
            if (!Ipv4.looksLikeIpv6(ip)) {
                return c.ipv4(all == null || all.isEmpty() ? "spec.clusterIP" : "spec.clusterIPs[" + i + "]", ip);
            }
        }
        c.notice("spec.clusterIPs", "has no IPv4 address; MidoNet implements IPv4 Services only");
        return null;
    }

    static Mapped endpointSlice(EndpointSlice slice) {
        Checks c = new Checks(refOf(slice));
        ObjectMeta meta = meta(slice, c, true);
        if (c.hasErrors()) {
            return c.result();
        }
        String service = meta.getLabels() == null ? null : meta.getLabels().get(SERVICE_NAME_LABEL);
        if (service == null || service.isEmpty()) {
            c.error("metadata.labels[" + SERVICE_NAME_LABEL + "]", "is missing: the slice belongs to no Service");
            return c.result();
        }
        c.serviceName("metadata.labels[" + SERVICE_NAME_LABEL + "]", service);
        if (c.hasErrors()) {
            return c.result();
        }
        if (!"IPv4".equals(slice.getAddressType())) {
            c.notice("addressType", "is " + slice.getAddressType() + "; only IPv4 endpoints are implemented");
            return c.result();
        }
        List<EndpointsFact.Port> ports = new ArrayList<>();
        each(slice.getPorts(), "ports", c, (field, p) -> ports.add(new EndpointsFact.Port(
                p.getName() == null ? "" : p.getName(),
                c.protocol(field + ".protocol", p.getProtocol()), c.port(field + ".port", p.getPort()))));
        List<EndpointsFact.Endpoint> endpoints = new ArrayList<>();
        each(slice.getEndpoints(), "endpoints", c, (field, e) -> {
            if (e.getAddresses() == null || e.getAddresses().isEmpty()) {
                c.error(field + ".addresses", "is empty");
                return;
            }
            String ip = c.ipv4(field + ".addresses[0]", e.getAddresses().get(0));
            EndpointConditions cond = e.getConditions();
            boolean ready = cond == null || cond.getReady() == null || cond.getReady();
            boolean serving = cond == null || cond.getServing() == null ? ready : cond.getServing();
            boolean terminating = cond != null && Boolean.TRUE.equals(cond.getTerminating());
            endpoints.add(new EndpointsFact.Endpoint(ip, ready, serving, terminating));
        });
        if (c.hasErrors()) {
            return c.result();
        }
        return c.result(new EndpointsFact(namespace(meta), service, "EndpointSlice " + meta.getName(), ports, endpoints));
    }

    static Mapped endpoints(Endpoints endpoints) {
        Checks c = new Checks(refOf(endpoints));
        ObjectMeta meta = meta(endpoints, c, true);
        if (c.hasErrors()) {
            return c.result();
        }
        List<EndpointsFact> facts = new ArrayList<>();
        each(endpoints.getSubsets(), "subsets", c, (field, subset) -> {
            List<EndpointsFact.Port> ports = new ArrayList<>();
            each(subset.getPorts(), field + ".ports", c, (portField, p) -> ports.add(new EndpointsFact.Port(
                    p.getName() == null ? "" : p.getName(),
                    c.protocol(portField + ".protocol", p.getProtocol()), c.port(portField + ".port", p.getPort()))));
            List<EndpointsFact.Endpoint> list = new ArrayList<>();
            addAddresses(c, field + ".addresses", subset.getAddresses(), true, list);
            addAddresses(c, field + ".notReadyAddresses", subset.getNotReadyAddresses(), false, list);
            // The subset's index: facts.size() differs from it only after a null subset, an error.
            String source = "Endpoints " + meta.getName() + "#" + facts.size();
            facts.add(new EndpointsFact(namespace(meta), meta.getName(), source, ports, list));
        });
        return c.result(facts);
    }

    private static void addAddresses(Checks c, String field, List<EndpointAddress> addresses, boolean ready,
            List<EndpointsFact.Endpoint> out) {
        each(addresses, field, c, (addressField, a) ->
                out.add(new EndpointsFact.Endpoint(c.ipv4(addressField + ".ip", a.getIp()), ready, ready, false)));
    }

    /** Visits the entries of a list field with their paths ("spec.ports[1]"); a null entry is an error. */
    private static <T> void each(List<T> list, String field, Checks c, Entry<T> visit) {
        for (int i = 0; list != null && i < list.size(); i++) {
            String path = field + "[" + i + "]";
            if (list.get(i) == null) {
                c.error(path, "is null");
            } else {
                visit.accept(path, list.get(i));
            }
        }
    }

    @FunctionalInterface
    private interface Entry<T> {
        void accept(String field, T value);
    }

    private static ObjectMeta meta(HasMetadata object, Checks c, boolean namespaced) {
        ObjectMeta meta = object.getMetadata();
        if (meta == null) {
            c.error("metadata", "is missing");
            return null;
        }
        c.name("metadata.name", meta.getName(), false);
        if (namespaced) {
            c.name("metadata.namespace", namespace(meta), true);
        }
        return meta;
    }

    /** metadata.creationTimestamp, or null when absent (a manifest file) or not a timestamp. */
    private static Instant created(ObjectMeta meta) {
        String text = meta.getCreationTimestamp();
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Map<String, String> annotations(ObjectMeta meta) {
        return meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    }

    /** An object read from a file without a namespace is in "default", as kubectl would create it. */
    private static String namespace(ObjectMeta meta) {
        return meta.getNamespace() == null || meta.getNamespace().isEmpty() ? "default" : meta.getNamespace();
    }
}

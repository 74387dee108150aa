package org.midonet.kube.trace;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.common.Cidr;
import org.midonet.kube.common.Ipv4;
import org.midonet.kube.trace.Topology.DeviceType;
import org.midonet.kube.trace.Topology.Port;
import org.midonet.kube.translate.Names;

/**
 * Turns what a user names ({@code pod/NS/NAME}, {@code node/NAME}, {@code svc/NS/NAME:PORT}, an address) into
 * ports and addresses of the topology, through the Kubernetes objects of a cluster or of manifest files.
 */
public final class TraceEndpoints {

    /** Where the Kubernetes objects come from. */
    public interface Cluster {
        Optional<Pod> pod(String namespace, String name);

        Optional<Service> service(String namespace, String name);

        Optional<Node> node(String name);

        List<Pod> pods();
    }

    /** Where a packet goes: an address, a port, and the protocol the destination implies (null: unknown). */
    public record Destination(String ip, int port, Integer protocol, String description) {
    }

    private static final Pattern NAMED =
            Pattern.compile("(pod|po|pods|svc|service|services|node|no|nodes)/(?:([^/:]+)/)?([^/:]+)(?::([^:]+))?");
    private static final Pattern ADDRESS = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+)(?::(\\d+))?");

    private final Topology topology;
    private final Cluster cluster;

    public TraceEndpoints(Topology topology, Cluster cluster) {
        this.topology = topology;
        this.cluster = cluster;
    }

    /** Names for the ports of every pod the cluster has, for the trace's output. */
    public Map<String, String> labelsByInterface() {
        Map<String, String> labels = new HashMap<>();
        for (Pod pod : cluster.pods()) {
            String namespace = pod.getMetadata().getNamespace() == null ? "default" : pod.getMetadata().getNamespace();
            labels.put(Names.podInterfaceName(namespace, pod.getMetadata().getName()),
                    "pod " + namespace + "/" + pod.getMetadata().getName());
        }
        return labels;
    }

    public Tracer.Sender sender(String spec) {
        Matcher named = NAMED.matcher(spec);
        if (named.matches() && named.group(4) == null) {
            String kind = kind(named.group(1));
            return kind.equals("node") ? node(named.group(3)) : kind.equals("pod")
                    ? pod(namespace(named.group(2)), named.group(3))
                    : fail("a Service does not send packets: give pod/NS/NAME, node/NAME or an address as --from");
        }
        Matcher address = ADDRESS.matcher(spec);
        if (address.matches() && address.group(2) == null && Ipv4.isValid(address.group(1))) {
            return byAddress(address.group(1));
        }
        return fail("--from '" + spec + "': expected pod/NS/NAME, node/NAME or an IPv4 address");
    }

    public Destination destination(String spec) {
        Matcher named = NAMED.matcher(spec);
        if (named.matches() && named.group(4) != null) {
            String kind = kind(named.group(1));
            String namespace = namespace(named.group(2));
            String name = named.group(3);
            return switch (kind) {
                case "svc" -> servicePort(namespace, name, named.group(4));
                case "pod" -> {
                    Pod pod = cluster.pod(namespace, name).orElseGet(() -> fail("no pod " + namespace + "/" + name));
                    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
                    if (ip == null) {
                        fail("pod " + namespace + "/" + name + " has no IP yet");
                    }
                    yield new Destination(ip, port(named.group(4), spec), null, "pod " + namespace + "/" + name);
                }
                default -> fail("--to '" + spec + "': expected svc/NS/NAME:PORT, pod/NS/NAME:PORT or IP:PORT");
            };
        }
        Matcher address = ADDRESS.matcher(spec);
        if (address.matches() && address.group(2) != null && Ipv4.isValid(address.group(1))) {
            return new Destination(address.group(1), port(address.group(2), spec), null, address.group(1));
        }
        return fail("--to '" + spec + "': expected svc/NS/NAME:PORT, pod/NS/NAME:PORT or IP:PORT");
    }

    private Destination servicePort(String namespace, String name, String portSpec) {
        Service service = cluster.service(namespace, name).orElseGet(() -> fail("no service " + namespace + "/" + name));
        String ip = service.getSpec() == null ? null : service.getSpec().getClusterIP();
        if (ip == null || !Ipv4.isValid(ip)) {
            fail("service " + namespace + "/" + name + " has no IPv4 ClusterIP (" + ip + ")");
        }
        List<ServicePort> ports = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        for (ServicePort p : ports) {
            if (portSpec.equals(p.getName()) || portSpec.equals(String.valueOf(p.getPort()))) {
                return new Destination(ip, p.getPort(), protocolNumber(p.getProtocol()),
                        "service " + namespace + "/" + name + " port " + (p.getName() == null ? p.getPort() : p.getName()));
            }
        }
        if (portSpec.matches("\\d+")) {
            return new Destination(ip, port(portSpec, portSpec), null,
                    "service " + namespace + "/" + name + " (port " + portSpec + " is not one of its ports)");
        }
        return fail("service " + namespace + "/" + name + " has no port named " + portSpec);
    }

    private Tracer.Sender pod(String namespace, String name) {
        Pod pod = cluster.pod(namespace, name).orElseGet(() -> fail("no pod " + namespace + "/" + name));
        String iface = Names.podInterfaceName(namespace, name);
        Port port = topology.portBoundTo(iface).orElseGet(() -> fail("pod " + namespace + "/" + name
                + " has no MidoNet port bound to " + iface + " (host network, not scheduled, or not pushed yet)"));
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (ip == null) {
            fail("pod " + namespace + "/" + name + " has no IP yet");
        }
        String mac = annotation(pod, Annotations.MAC_ADDRESS).or(() -> macOf(port))
                .orElseGet(() -> fail("pod " + namespace + "/" + name + " has no MAC yet (annotation "
                        + Annotations.MAC_ADDRESS + ")"));
        return new Tracer.Sender(port.id(), ip, mac.toLowerCase(Locale.ROOT));
    }

    private Tracer.Sender node(String name) {
        UUID bridge = topology.devices().stream().filter(d -> d.type() == DeviceType.BRIDGE && name.equals(d.name()))
                .map(Topology.Device::id).findFirst().orElseGet(() -> fail("no bridge for node " + name));
        Port port = topology.portsOf(bridge).stream().filter(p -> PortLabels.NODE_INTERFACE.equals(p.interfaceName()))
                .findFirst().orElseGet(() -> fail("node " + name + " has no port bound to " + PortLabels.NODE_INTERFACE));
        Optional<Node> node = cluster.node(name);
        String ip = node.map(n -> n.getSpec() == null ? null : n.getSpec().getPodCIDR())
                .map(c -> Ipv4.add(Cidr.parse(c).address(), 2))
                .or(() -> topology.gatewayOf(bridge).map(g -> Ipv4.add(Ipv4.format(g.subnet().network()), 2)))
                .orElseGet(() -> fail("node " + name + ": no pod CIDR to take its address from"));
        String mac = node.flatMap(n -> annotation(n, Annotations.MAC_ADDRESS)).or(() -> macOf(port))
                .orElseGet(() -> fail("node " + name + " has no MAC yet (annotation " + Annotations.MAC_ADDRESS + ")"));
        return new Tracer.Sender(port.id(), ip, mac.toLowerCase(Locale.ROOT));
    }

    private Tracer.Sender byAddress(String ip) {
        for (Topology.Device bridge : topology.devices()) {
            String mac = topology.arpTable(bridge.id()).get(ip);
            UUID port = mac == null ? null : topology.macTable(bridge.id()).get(mac);
            if (port != null) {
                return new Tracer.Sender(port, ip, mac);
            }
        }
        return fail("no bridge knows " + ip + " (ARP and MAC tables): give pod/NS/NAME or node/NAME as --from");
    }

    private Optional<String> macOf(Port port) {
        return topology.macTable(port.deviceId()).entrySet().stream().filter(e -> e.getValue().equals(port.id()))
                .map(Map.Entry::getKey).findFirst();
    }

    private static Optional<String> annotation(HasMetadata object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(key));
    }

    private static String kind(String word) {
        return switch (word) {
            case "pod", "po", "pods" -> "pod";
            case "svc", "service", "services" -> "svc";
            default -> "node";
        };
    }

    private static String namespace(String given) {
        return given == null ? "default" : given;
    }

    private static int port(String text, String spec) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        return fail("'" + spec + "': the port must be a number from 1 to 65535");
    }

    /** The IANA number of a Kubernetes protocol name (TCP when unset, as Kubernetes defaults it). */
    public static int protocolNumber(String name) {
        return switch (name == null ? "TCP" : name.toUpperCase(Locale.ROOT)) {
            case "TCP" -> Packet.TCP;
            case "UDP" -> Packet.UDP;
            case "SCTP" -> Packet.SCTP;
            case "ICMP" -> Packet.ICMP;
            default -> fail("unknown protocol " + name + " (tcp, udp, sctp or icmp)");
        };
    }

    private static <T> T fail(String message) {
        throw new IllegalArgumentException(message);
    }

    /** The objects of a live cluster. */
    public static Cluster of(KubernetesClient client) {
        return new Cluster() {
            public Optional<Pod> pod(String namespace, String name) {
                return Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get());
            }

            public Optional<Service> service(String namespace, String name) {
                return Optional.ofNullable(client.services().inNamespace(namespace).withName(name).get());
            }

            public Optional<Node> node(String name) {
                return Optional.ofNullable(client.nodes().withName(name).get());
            }

            public List<Pod> pods() {
                return client.pods().inAnyNamespace().list().getItems();
            }
        };
    }

    /** The objects of manifest files. */
    public static Cluster of(List<HasMetadata> objects) {
        return new Cluster() {
            public Optional<Pod> pod(String namespace, String name) {
                return find(Pod.class, namespace, name);
            }

            public Optional<Service> service(String namespace, String name) {
                return find(Service.class, namespace, name);
            }

            public Optional<Node> node(String name) {
                return find(Node.class, null, name);
            }

            public List<Pod> pods() {
                return objects.stream().filter(Pod.class::isInstance).map(Pod.class::cast).toList();
            }

            private <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
                return objects.stream().filter(type::isInstance).map(type::cast)
                        .filter(o -> name.equals(o.getMetadata().getName()))
                        .filter(o -> namespace == null || namespace.equals(o.getMetadata().getNamespace() == null
                                ? "default" : o.getMetadata().getNamespace()))
                        .findFirst();
            }
        };
    }
}

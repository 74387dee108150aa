package org.midonet.kube.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.midonet.kube.common.Annotations;
import org.midonet.kube.common.Ipv4;
import org.midonet.kube.facts.FactMapper;

/**
 * A deterministic (seeded) synthetic cluster built from fabric8 objects, for benchmarks:
 * <ul>
 * <li>K Nodes, each annotated with {@code midonet.org/host-id} and the MAC the node agent reports
 * ({@code midonet.org/mac-address}), with pod CIDR 10.x.y.0/24 (x from 1, so the CIDRs never overlap the
 * Service range) and one InternalIP;</li>
 * <li>a pool of pod IPs, {@code podsPerNode} per node (.3, .4, ... of its CIDR; .1 is the gateway, .2 the
 * node), optionally with a Running Pod object for each, with its MAC annotation as the CNI plugin has it
 * written (so each Pod also gets its MAC and ARP entries);</li>
 * <li>N ClusterIP Services with P TCP ports and unique ClusterIPs in 10.96.0.0/12, spread over namespaces,
 * each with one EndpointSlice (label {@code kubernetes.io/service-name}) of E ready endpoints: distinct pod
 * IPs drawn at random from the pool (a pod may back several Services when N×E exceeds the pool).</li>
 * </ul>
 * It keeps each slice's current pod indices so that changes (one endpoint replaced, a Service added or
 * removed) can be generated, again deterministically.
 */
public final class SyntheticCluster {
    /** Usable addresses of a /24 once the gateway (.1), the node address (.2) and broadcast are taken. */
    public static final int MAX_PODS_PER_NODE = 252;
    private static final long SERVICE_RANGE = Ipv4.parseOrNull("10.96.0.0");
    private static final int SERVICE_RANGE_SIZE = 1 << 20; // /12

    private final int services;
    private final int ports;
    private final int endpoints;
    private final int nodes;
    private final int podsPerNode;
    private final int namespaces;
    private final Random random;

    private final List<Node> nodeObjects = new ArrayList<>();
    private final List<Pod> podObjects = new ArrayList<>();
    private final List<Service> serviceObjects = new ArrayList<>();
    private final List<EndpointSlice> sliceObjects = new ArrayList<>();
    /** Per Service index: the pod indices of its slice's endpoints, in endpoint order. */
    private final List<int[]> slicePods = new ArrayList<>();
    private final Set<Long> usedClusterIps = new HashSet<>();
    private int nextServiceIndex;
    private final boolean withPods;

    public SyntheticCluster(int services, int ports, int endpoints, int nodes, int podsPerNode, int namespaces,
            boolean withPods, long seed) {
        if (nodes < 1 || nodes > 95 * 256) {
            throw new IllegalArgumentException("nodes must be in 1.." + (95 * 256));
        }
        if (podsPerNode < 1 || podsPerNode > MAX_PODS_PER_NODE) {
            throw new IllegalArgumentException("pods per node must be in 1.." + MAX_PODS_PER_NODE);
        }
        if (ports < 1 || endpoints < 0 || services < 0 || namespaces < 1) {
            throw new IllegalArgumentException("ports ≥ 1, endpoints ≥ 0, services ≥ 0, namespaces ≥ 1");
        }
        if ((long) nodes * podsPerNode < endpoints) {
            throw new IllegalArgumentException("the pod pool (" + nodes * podsPerNode + ") is smaller than "
                    + endpoints + " endpoints of one slice");
        }
        this.services = services;
        this.ports = ports;
        this.endpoints = endpoints;
        this.nodes = nodes;
        this.podsPerNode = podsPerNode;
        this.namespaces = namespaces;
        this.withPods = withPods;
        this.random = new Random(seed);
        for (int n = 0; n < nodes; n++) {
            nodeObjects.add(node(n));
        }
        if (withPods) {
            for (int p = 0; p < podPool(); p++) {
                podObjects.add(pod(p));
            }
        }
        for (int s = 0; s < services; s++) {
            addService();
        }
    }

    public int podPool() {
        return nodes * podsPerNode;
    }

    public List<Node> nodes() {
        return nodeObjects;
    }

    public List<Pod> pods() {
        return podObjects;
    }

    public List<Service> services() {
        return serviceObjects;
    }

    public List<EndpointSlice> slices() {
        return sliceObjects;
    }

    /** Every object: nodes, pods, Services, slices. */
    public List<HasMetadata> all() {
        List<HasMetadata> all = new ArrayList<>(nodeObjects.size() + podObjects.size() + 2 * serviceObjects.size());
        all.addAll(nodeObjects);
        all.addAll(podObjects);
        all.addAll(serviceObjects);
        all.addAll(sliceObjects);
        return all;
    }

    public int objectCount() {
        return nodeObjects.size() + podObjects.size() + serviceObjects.size() + sliceObjects.size();
    }

    public Random random() {
        return random;
    }

    // ---- changes ----

    /**
     * Replaces one endpoint of the slice of Service {@code index} (position chosen at random) by a pod not in
     * the slice yet, and returns the new slice object (same name and uid, a newer resourceVersion).
     */
    public EndpointSlice replaceOneEndpoint(int index) {
        int[] pods = slicePods.get(index);
        if (pods.length == 0) {
            throw new IllegalStateException("the slice of Service " + index + " has no endpoints");
        }
        int position = random.nextInt(pods.length);
        int fresh;
        do {
            fresh = random.nextInt(podPool());
        } while (contains(pods, fresh));
        pods[position] = fresh;
        EndpointSlice slice = slice(index, serviceObjects.get(index), pods);
        sliceObjects.set(index, slice);
        return slice;
    }

    /** A new Service with its slice, appended to the cluster: {Service, EndpointSlice}. */
    public List<HasMetadata> addService() {
        int index = nextServiceIndex++;
        Service service = service(index);
        int[] pods = randomPods(endpoints);
        EndpointSlice slice = slice(index, service, pods);
        serviceObjects.add(service);
        sliceObjects.add(slice);
        slicePods.add(pods);
        return List.of(service, slice);
    }

    public int serviceCount() {
        return serviceObjects.size();
    }

    /** Removes the most recently added Service and its slice; returns both, to be deleted by reference. */
    public List<HasMetadata> removeLastService() {
        int last = serviceObjects.size() - 1;
        List<HasMetadata> removed = List.of(serviceObjects.remove(last), sliceObjects.remove(last));
        slicePods.remove(last);
        return removed;
    }

    // ---- object builders ----

    static String uid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String nodeName(int n) {
        return String.format("node-%05d", n);
    }

    static String namespace(int serviceIndex, int namespaces) {
        return "ns-" + (serviceIndex % namespaces);
    }

    static String serviceName(int index) {
        return "svc-" + index;
    }

    /** Node n's pod CIDR network address, 10.x.y.0 with x from 1. */
    static long podNetwork(int n) {
        return (10L << 24) | ((long) (1 + n / 256) << 16) | ((long) (n % 256) << 8);
    }

    /** Pod p lives on node p % K, at host offset 3 + p / K. */
    String podIp(int p) {
        return Ipv4.format(podNetwork(p % nodes) + 3 + p / nodes);
    }

    String podName(int p) {
        return "pod-" + p;
    }

    private Node node(int n) {
        String name = nodeName(n);
        long network = podNetwork(n);
        return new NodeBuilder()
                .withNewMetadata().withName(name).withUid(uid("node/" + name))
                .addToAnnotations(Annotations.HOST_ID, uid("host/" + name))
                .addToAnnotations(Annotations.MAC_ADDRESS, mac(0x01000000L | n))
                .addToLabels("kubernetes.io/hostname", name).endMetadata()
                .withNewSpec().withPodCIDR(Ipv4.format(network) + "/24").withPodCIDRs(Ipv4.format(network) + "/24").endSpec()
                .withNewStatus().addNewAddress().withType("InternalIP")
                .withAddress(Ipv4.format((192L << 24) | (168L << 16) | (long) (1 + n / 250) << 8 | (1 + n % 250)))
                .endAddress().addNewAddress().withType("Hostname").withAddress(name).endAddress().endStatus()
                .build();
    }

    private Pod pod(int p) {
        String ns = "pods";
        String name = podName(p);
        return new PodBuilder()
                .withNewMetadata().withNamespace(ns).withName(name).withUid(uid("pod/" + ns + "/" + name))
                .addToAnnotations(Annotations.MAC_ADDRESS, mac(p)).endMetadata()
                .withNewSpec().withNodeName(nodeName(p % nodes)).endSpec()
                .withNewStatus().withPhase("Running").withPodIP(podIp(p)).addNewPodIP().withIp(podIp(p)).endPodIP()
                .endStatus()
                .build();
    }

    /** A locally administered MAC, as the node agent reports one for each Node and Pod (02:00:... + index). */
    static String mac(long index) {
        return String.format("02:00:%02x:%02x:%02x:%02x", (index >> 24) & 0xff, (index >> 16) & 0xff, (index >> 8) & 0xff,
                index & 0xff);
    }

    private String uniqueClusterIp() {
        long ip;
        do {
            // skip .0 of the range and the first ten addresses (kubernetes, kube-dns live there)
            ip = SERVICE_RANGE + 10 + random.nextInt(SERVICE_RANGE_SIZE - 11);
        } while (!usedClusterIps.add(ip));
        return Ipv4.format(ip);
    }

    private Service service(int index) {
        String ns = namespace(index, namespaces);
        String name = serviceName(index);
        String clusterIp = uniqueClusterIp();
        List<ServicePort> specPorts = new ArrayList<>();
        for (int i = 0; i < ports; i++) {
            specPorts.add(new ServicePortBuilder().withName("p" + i).withProtocol("TCP").withPort(80 + i)
                    .withNewTargetPort(8080 + i).build());
        }
        return new ServiceBuilder()
                .withNewMetadata().withNamespace(ns).withName(name).withUid(uid("svc/" + ns + "/" + name))
                .addToLabels("app", name).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp).withClusterIPs(clusterIp)
                .addToSelector("app", name).withPorts(specPorts).endSpec()
                .build();
    }

    private EndpointSlice slice(int index, Service service, int[] pods) {
        String ns = service.getMetadata().getNamespace();
        String sliceName = service.getMetadata().getName() + "-" + Long.toString(index * 7919L % 60466176L + 60466176L, 36)
                .substring(1, 6);
        List<Endpoint> list = new ArrayList<>(pods.length);
        for (int p : pods) {
            list.add(new EndpointBuilder().withAddresses(podIp(p)).withNodeName(nodeName(p % nodes))
                    .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                    .withNewTargetRef().withKind("Pod").withNamespace("pods").withName(podName(p)).endTargetRef()
                    .build());
        }
        EndpointSliceBuilder b = new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(ns).withName(sliceName).withUid(uid("slice/" + ns + "/" + sliceName))
                .addToLabels(FactMapper.SERVICE_NAME_LABEL, service.getMetadata().getName())
                .addToLabels("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io")
                .withResourceVersion(Long.toString(random.nextInt(Integer.MAX_VALUE)))
                .endMetadata()
                .withAddressType("IPv4").withEndpoints(list);
        for (int i = 0; i < ports; i++) {
            b.addToPorts(new EndpointPortBuilder().withName("p" + i).withProtocol("TCP").withPort(8080 + i).build());
        }
        return b.build();
    }

    private int[] randomPods(int count) {
        int[] pods = new int[count];
        Set<Integer> chosen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int p;
            do {
                p = random.nextInt(podPool());
            } while (!chosen.add(p));
            pods[i] = p;
        }
        return pods;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return nodes + " nodes, " + serviceObjects.size() + " Services × " + ports + " ports × " + endpoints
                + " endpoints, pod pool " + podPool() + " (" + podsPerNode + "/node)" + (withPods ? " with" : " without")
                + " Pod objects, " + namespaces + " namespaces";
    }

}

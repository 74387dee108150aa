package org.midonet.kube.testing;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builders of the Kubernetes objects tests translate. */
public final class K8s {
    private K8s() {
    }

    public static String uid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes()).toString();
    }

    public static NodeBuilder nodeBuilder(String name, String podCidr, String hostId) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).withUid(uid("node/" + name)).endMetadata()
                .withNewSpec().withPodCIDR(podCidr).endSpec();
        if (hostId != null) {
            b.editMetadata().addToAnnotations("midonet.org/host-id", hostId).endMetadata();
        }
        return b;
    }

    public static Node node(String name, String podCidr, String hostId) {
        return nodeBuilder(name, podCidr, hostId).build();
    }

    public static PodBuilder podBuilder(String namespace, String name, String node, String ip) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withUid(uid("pod/" + namespace + "/" + name)).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).endStatus();
    }

    public static Pod pod(String namespace, String name, String node, String ip, String mac) {
        PodBuilder b = podBuilder(namespace, name, node, ip);
        if (mac != null) {
            b.editMetadata().addToAnnotations("midonet.org/mac-address", mac).endMetadata();
        }
        return b.build();
    }

    public static ServicePort port(String name, String protocol, int port) {
        return new ServicePortBuilder().withName(name).withProtocol(protocol).withPort(port).build();
    }

    public static Service service(String namespace, String name, String clusterIp, ServicePort... ports) {
        return new ServiceBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withUid(uid("svc/" + namespace + "/" + name)).endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP(clusterIp).withPorts(ports).endSpec().build();
    }

    /** A slice whose endpoints are all ready; each port is "name/PROTOCOL/port". */
    public static EndpointSlice slice(String namespace, String service, String sliceName, List<String> ips, String... ports) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String ip : ips) {
            endpoints.add(new EndpointBuilder().withAddresses(ip).withNewConditions().withReady(true).endConditions().build());
        }
        return sliceWith(namespace, service, sliceName, endpoints, ports);
    }

    public static Endpoint endpoint(String ip, boolean ready, boolean serving,
            boolean terminating) {
        return new EndpointBuilder().withAddresses(ip).withNewConditions().withReady(ready).withServing(serving)
                .withTerminating(terminating).endConditions().build();
    }

    public static EndpointSlice sliceWith(String namespace, String service, String sliceName,
            List<Endpoint> endpoints, String... ports) {
        EndpointSliceBuilder b = new EndpointSliceBuilder().withNewMetadata().withNamespace(namespace).withName(sliceName)
                .withUid(uid("slice/" + namespace + "/" + sliceName))
                .addToLabels("kubernetes.io/service-name", service).endMetadata()
                .withAddressType("IPv4").withEndpoints(endpoints);
        for (String port : ports) {
            String[] p = port.split("/");
            b.addToPorts(new EndpointPortBuilder().withName(p[0]).withProtocol(p[1]).withPort(Integer.parseInt(p[2])).build());
        }
        return b.build();
    }

    public static Endpoints endpoints(String namespace, String name, List<String> ips, String... ports) {
        EndpointsBuilder b = new EndpointsBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withUid(uid("ep/" + namespace + "/" + name)).endMetadata();
        var subset = b.addNewSubset();
        for (String ip : ips) {
            subset.addNewAddress().withIp(ip).endAddress();
        }
        for (String port : ports) {
            String[] p = port.split("/");
            subset.addNewPort().withName(p[0]).withProtocol(p[1]).withPort(Integer.parseInt(p[2])).endPort();
        }
        return subset.endSubset().build();
    }
}

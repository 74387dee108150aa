package org.midonet.kube.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes what {@code kubectl get services,endpointslices -A -o yaml} prints for a big cluster: one {@code kind: List}
 * document of Services (two ports each, with kubectl's last-applied annotation) and their EndpointSlices (one ready
 * endpoint per Pod, with its target reference), about 5 KiB of YAML per Service. Service {@code i} is
 * {@code svc-i} in namespace {@code ns-(i % 20)}.
 */
public final class KubectlList {
    private static final int NAMESPACES = 20;

    private final int services;
    private final int endpointsPerService;

    public KubectlList(int services, int endpointsPerService) {
        this.services = services;
        this.endpointsPerService = endpointsPerService;
    }

    public static String namespace(int service) {
        return "ns-" + service % NAMESPACES;
    }

    public static String name(int service) {
        return "svc-" + service;
    }

    public void writeTo(Path file) throws IOException {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("apiVersion: v1\nitems:\n");
            for (int i = 0; i < services; i++) {
                out.write(service(i));
                out.write(endpointSlice(i));
            }
            out.write("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
        }
    }

    private static String service(int i) {
        String name = name(i);
        String namespace = namespace(i);
        String clusterIp = "10.96." + i / 250 + "." + (i % 250 + 1);
        return """
                - apiVersion: v1
                  kind: Service
                  metadata:
                    annotations:
                      kubectl.kubernetes.io/last-applied-configuration: |
                        {"apiVersion":"v1","kind":"Service","metadata":{"annotations":{},"labels":{"app":"%1$s"},\
                "name":"%1$s","namespace":"%2$s"},"spec":{"ports":[{"name":"http","port":80,"protocol":"TCP",\
                "targetPort":8080},{"name":"https","port":443,"protocol":"TCP","targetPort":8443}],\
                "selector":{"app":"%1$s"}}}
                    creationTimestamp: "2026-11-02T09:14:07Z"
                    labels:
                      app: %1$s
                    name: %1$s
                    namespace: %2$s
                    resourceVersion: "%3$d"
                    uid: %4$s
                  spec:
                    clusterIP: %5$s
                    clusterIPs:
                    - %5$s
                    internalTrafficPolicy: Cluster
                    ipFamilies:
                    - IPv4
                    ipFamilyPolicy: SingleStack
                    ports:
                    - name: http
                      port: 80
                      protocol: TCP
                      targetPort: 8080
                    - name: https
                      port: 443
                      protocol: TCP
                      targetPort: 8443
                    selector:
                      app: %1$s
                    sessionAffinity: None
                    type: ClusterIP
                  status:
                    loadBalancer: {}
                """.formatted(name, namespace, 100_000 + 2 * i, K8s.uid("service/" + namespace + "/" + name), clusterIp);
    }

    private String endpointSlice(int i) {
        String name = name(i);
        String namespace = namespace(i);
        StringBuilder slice = new StringBuilder("""
                - addressType: IPv4
                  apiVersion: discovery.k8s.io/v1
                  endpoints:
                """);
        for (int e = 0; e < endpointsPerService; e++) {
            slice.append(endpoint(namespace, name, i * endpointsPerService + e));
        }
        slice.append("""
                  kind: EndpointSlice
                  metadata:
                    annotations:
                      endpoints.kubernetes.io/last-change-trigger-time: "2026-11-02T09:14:09Z"
                    creationTimestamp: "2026-11-02T09:14:07Z"
                    generateName: %1$s-
                    generation: 3
                    labels:
                      endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io
                      kubernetes.io/service-name: %1$s
                    name: %1$s-x7k2p
                    namespace: %2$s
                    ownerReferences:
                    - apiVersion: v1
                      blockOwnerDeletion: true
                      controller: true
                      kind: Service
                      name: %1$s
                      uid: %3$s
                    resourceVersion: "%4$d"
                    uid: %5$s
                  ports:
                  - name: http
                    port: 8080
                    protocol: TCP
                  - name: https
                    port: 8443
                    protocol: TCP
                """.formatted(name, namespace, K8s.uid("service/" + namespace + "/" + name), 100_001 + 2 * i,
                K8s.uid("endpointslice/" + namespace + "/" + name)));
        return slice.toString();
    }

    /** Endpoint {@code k} of the whole list: a Pod address unique in the list, on one of 100 nodes. */
    private static String endpoint(String namespace, String service, int k) {
        String address = "10." + (1 + k / 62_500) + "." + k / 250 % 250 + "." + (k % 250 + 1);
        String pod = service + "-7d9f8b6c5d-" + k;
        return """
                  - addresses:
                    - %1$s
                    conditions:
                      ready: true
                      serving: true
                      terminating: false
                    nodeName: worker-%2$d
                    targetRef:
                      kind: Pod
                      name: %3$s
                      namespace: %4$s
                      uid: %5$s
                """.formatted(address, k % 100, pod, namespace, K8s.uid("pod/" + namespace + "/" + pod));
    }
}

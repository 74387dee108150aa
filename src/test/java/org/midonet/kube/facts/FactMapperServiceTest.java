package org.midonet.kube.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.facts.MappedAssertions.assertIgnored;
import static org.midonet.kube.facts.MappedAssertions.assertNotice;
import static org.midonet.kube.facts.MappedAssertions.assertOnlyFact;
import static org.midonet.kube.facts.MappedAssertions.assertRejected;
import static org.midonet.kube.facts.MappedAssertions.longName;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.midonet.kube.testing.K8s;

class FactMapperServiceTest {
    private static final ServicePort HTTP = K8s.port("http", "TCP", 80);

    private static Service service(String clusterIp, ServicePort... ports) {
        return K8s.service("default", "web", clusterIp, ports);
    }

    private static Service withClusterIps(String... ips) {
        return new ServiceBuilder(service(ips[0], HTTP)).editSpec().withClusterIPs(ips).endSpec().build();
    }

    private static ServicePort portNumber(String name, Integer port) {
        return new ServicePortBuilder().withName(name).withProtocol("TCP").withPort(port).build();
    }

    // --- happy path ---

    @Test
    void mapsAClusterIpService() {
        Service service = K8s.service("ns1", "web", "10.96.0.20", K8s.port("http", "TCP", 80),
                K8s.port("dns", "UDP", 53), K8s.port("sig", "SCTP", 9899));

        ServiceFact fact = assertOnlyFact(service, ServiceFact.class);

        assertThat(fact.namespace()).isEqualTo("ns1");
        assertThat(fact.name()).isEqualTo("web");
        assertThat(fact.key()).isEqualTo("ns1/web");
        assertThat(fact.uid()).isEqualTo(K8s.uid("svc/ns1/web"));
        assertThat(fact.clusterIp()).isEqualTo("10.96.0.20");
        assertThat(fact.ports()).containsExactly(
                new ServiceFact.ServicePort("http", Protocol.TCP, 80),
                new ServiceFact.ServicePort("dns", Protocol.UDP, 53),
                new ServiceFact.ServicePort("sig", Protocol.SCTP, 9899));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void theProtocolDefaultsToTcp(String protocol) {
        Service service = service("10.96.0.20", new ServicePortBuilder().withPort(80).withProtocol(protocol).build());

        ServiceFact fact = assertOnlyFact(service, ServiceFact.class);

        assertThat(fact.ports()).containsExactly(new ServiceFact.ServicePort("", Protocol.TCP, 80));
    }

    @Test
    void theSamePortNumberMayServeTwoProtocols() {
        Service dns = service("10.96.0.10", K8s.port("dns", "UDP", 53), K8s.port("dns-tcp", "TCP", 53));

        assertThat(assertOnlyFact(dns, ServiceFact.class).ports()).hasSize(2);
    }

    @Test
    void acceptsTheExtremePortNumbers() {
        Service service = service("10.96.0.20", K8s.port("low", "TCP", 1), K8s.port("high", "TCP", 65535));

        assertThat(assertOnlyFact(service, ServiceFact.class).ports()).extracting(ServiceFact.ServicePort::port)
                .containsExactly(1, 65535);
    }

    @Test
    void aServiceWithoutPortsHasNone() {
        assertThat(assertOnlyFact(service("10.96.0.20"), ServiceFact.class).ports()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NodePort", "LoadBalancer"})
    void mapsTheClusterIpOfOtherTypes(String type) {
        Service service = new ServiceBuilder(service("10.96.0.20", HTTP)).editSpec().withType(type).endSpec().build();

        assertThat(assertOnlyFact(service, ServiceFact.class).clusterIp()).isEqualTo("10.96.0.20");
    }

    @Test
    void takesTheIpv4OfADualStackService() {
        ServiceFact fact = assertOnlyFact(withClusterIps("fd00:96::20", "10.96.0.20"), ServiceFact.class);

        assertThat(fact.clusterIp()).isEqualTo("10.96.0.20");
    }

    @Test
    void acceptsAServiceNameOf63Characters() {
        assertOnlyFact(K8s.service("default", longName(63), "10.96.0.20", HTTP), ServiceFact.class);
    }

    // --- fine but not translated ---

    @Test
    void anIpv6OnlyServiceIsANotice() {
        Problem p = assertNotice(withClusterIps("fd00:96::20"), "Service default/web", "spec.clusterIPs");

        assertThat(p.message()).contains("IPv4");
    }

    @Test
    void anIpv6ClusterIpWithoutClusterIpsIsANotice() {
        assertNotice(service("fd00:96::20", HTTP), "Service default/web", "spec.clusterIPs");
    }

    // --- out of scope ---

    @Test
    void ignoresAHeadlessService() {
        assertIgnored(service("None", HTTP));
        assertIgnored(withClusterIps("None"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void ignoresAServiceWithoutClusterIpYet(String clusterIp) {
        assertIgnored(service(clusterIp, HTTP));
    }

    @Test
    void ignoresAnExternalNameService() {
        Service service = new ServiceBuilder(service(null)).editSpec().withType("ExternalName")
                .withExternalName("db.example.com").endSpec().build();

        assertIgnored(service);
    }

    @Test
    void ignoresAServiceWithoutSpec() {
        assertIgnored(new ServiceBuilder(service("10.96.0.20")).withSpec(null).build());
    }

    // --- malformed ---

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "10.96.0.256", "10.96.0", "10.096.0.20", "10.96.0.20/32", "10.96.0.20 "})
    void rejectsAnUnparsableClusterIp(String ip) {
        Problem p = assertRejected(service(ip, HTTP), "Service default/web", "spec.clusterIP");

        assertThat(p.message()).isEqualTo("'" + ip + "' is not an IPv4 address");
    }

    @Test
    void rejectsAnUnparsableClusterIpsEntry() {
        assertRejected(withClusterIps("garbage"), "Service default/web", "spec.clusterIPs[0]");
        assertRejected(withClusterIps("fd00:96::20", "10.96.0.256"), "Service default/web", "spec.clusterIPs[1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ICMP", "tcp", "Udp", "HTTP", " TCP"})
    void rejectsAnUnknownProtocol(String protocol) {
        Problem p = assertRejected(service("10.96.0.20", HTTP, K8s.port("other", protocol, 81)),
                "Service default/web", "spec.ports[1].protocol");

        assertThat(p.message()).contains("'" + protocol + "'").contains("TCP, UDP or SCTP");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536, 70000, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void rejectsAPortNumberOutOfRange(int port) {
        Problem p = assertRejected(service("10.96.0.20", HTTP, portNumber("other", port)),
                "Service default/web", "spec.ports[1].port");

        assertThat(p.message()).isEqualTo(port + " is not a port number (1-65535)");
        assertThat(p.toString())
                .isEqualTo("error: Service default/web spec.ports[1].port: " + port + " is not a port number (1-65535)");
    }

    @Test
    void rejectsAPortWithoutNumber() {
        Problem p = assertRejected(service("10.96.0.20", portNumber("http", null)), "Service default/web",
                "spec.ports[0].port");

        assertThat(p.message()).isEqualTo("is missing");
    }

    @Test
    void rejectsDuplicatePortNames() {
        Problem p = assertRejected(service("10.96.0.20", HTTP, K8s.port("http", "TCP", 8080)),
                "Service default/web", "spec.ports[1].name");

        assertThat(p.message()).contains("'http'").contains("another port");
    }

    @Test
    void rejectsUnnamedPortsInAServiceWithSeveralPorts() {
        Service service = service("10.96.0.20", portNumber(null, 80), portNumber("", 81));

        assertRejected(service, "Service default/web", "spec.ports[0].name");
        assertRejected(service, "Service default/web", "spec.ports[1].name");
    }

    @Test
    void rejectsTheSamePortNumberAndProtocolTwice() {
        Service service = service("10.96.0.20", K8s.port("http", "TCP", 80), K8s.port("web", null, 80));

        Problem p = assertRejected(service, "Service default/web", "spec.ports[1]");

        assertThat(p.message()).contains("80/TCP");
    }

    @Test
    void rejectsANullPortEntry() {
        Service service = service("10.96.0.20", HTTP);
        service.getSpec().setPorts(new ArrayList<>(Arrays.asList(HTTP, null)));

        Problem p = assertRejected(service, "Service default/web", "spec.ports[1]");

        assertThat(p.message()).isEqualTo("is null");
    }

    @Test
    void reportsEveryBadPort() {
        Service service = service("10.96.0.20", K8s.port("a", "ICMP", 80), K8s.port("b", "TCP", 0),
                K8s.port("a", "UDP", 70000));

        Mapped mapped = FactMapper.map(service);

        assertThat(mapped.facts()).isEmpty();
        assertThat(mapped.problems()).extracting(Problem::field).containsExactlyInAnyOrder(
                "spec.ports[0].protocol", "spec.ports[1].port", "spec.ports[2].name", "spec.ports[2].port");
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 100, 253})
    void rejectsAServiceNameTooLongForKubernetes(int length) {
        String name = longName(length);

        Problem p = assertRejected(K8s.service("default", name, "10.96.0.20", HTTP), "Service default/" + name,
                "metadata.name");

        assertThat(p.message()).isEqualTo("is " + length + " characters long; a Service name has at most 63");
    }

    @Test
    void rejectsAServiceNameTooLongForAnyKubernetesObject() {
        String name = longName(254);

        assertRejected(K8s.service("default", name, "10.96.0.20", HTTP), "Service default/" + name, "metadata.name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1web", "web.example", "Web", "web_1", "web-"})
    void rejectsAnInvalidServiceName(String name) {
        Problem p = assertRejected(K8s.service("default", name, "10.96.0.20", HTTP), "Service default/" + name,
                "metadata.name");

        assertThat(p.message()).contains("'" + name + "'");
    }

    @Test
    void rejectsANamespaceTooLongForKubernetes() {
        String namespace = longName(64);

        assertRejected(K8s.service(namespace, "web", "10.96.0.20", HTTP), "Service " + namespace + "/web",
                "metadata.namespace");
    }

    @Test
    void rejectsAServiceWithoutMetadata() {
        Service service = new ServiceBuilder().withNewSpec().withClusterIP("10.96.0.20").endSpec().build();

        Problem p = assertRejected(service, "Service", "metadata");

        assertThat(p.toString()).isEqualTo("error: Service null metadata: is missing");
    }

    @Test
    void checksTheNameEvenOfServicesOutOfScope() {
        String name = longName(64);

        assertRejected(K8s.service("default", name, "None", HTTP), "Service default/" + name, "metadata.name");
    }
}

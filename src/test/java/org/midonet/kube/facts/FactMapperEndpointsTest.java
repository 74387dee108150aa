package org.midonet.kube.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.facts.MappedAssertions.assertNotice;
import static org.midonet.kube.facts.MappedAssertions.assertOnlyFact;
import static org.midonet.kube.facts.MappedAssertions.assertRejected;
import static org.midonet.kube.facts.MappedAssertions.longName;

import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.midonet.kube.testing.K8s;

/** EndpointSlices (discovery/v1) and v1 Endpoints, both mapped to EndpointsFact. */
class FactMapperEndpointsTest {
    private static final String SERVICE_LABEL = "metadata.labels[kubernetes.io/service-name]";
    private static final String SLICE = "EndpointSlice default/web-1";

    private static EndpointSlice slice(List<String> ips, String... ports) {
        return K8s.slice("default", "web", "web-1", ips, ports);
    }

    private static EndpointSlice sliceWithPort(Integer port, String protocol) {
        return new EndpointSliceBuilder(slice(List.of("10.1.0.5"), "http/TCP/8080"))
                .addToPorts(new EndpointPortBuilder().withName("other").withProtocol(protocol).withPort(port).build())
                .build();
    }

    private static Endpoint conditions(Boolean ready, Boolean serving, Boolean terminating) {
        return new EndpointBuilder().withAddresses("10.1.0.5").withNewConditions().withReady(ready)
                .withServing(serving).withTerminating(terminating).endConditions().build();
    }

    // --- EndpointSlice: happy path ---

    @Test
    void mapsAnEndpointSlice() {
        EndpointSlice slice = K8s.slice("ns1", "web", "web-x7k2p", List.of("10.1.0.5", "10.1.1.7"),
                "http/TCP/8080", "dns/UDP/53", "sig/SCTP/9899");

        EndpointsFact fact = assertOnlyFact(slice, EndpointsFact.class);

        assertThat(fact.namespace()).isEqualTo("ns1");
        assertThat(fact.serviceName()).isEqualTo("web");
        assertThat(fact.serviceKey()).isEqualTo("ns1/web");
        assertThat(fact.source()).isEqualTo("EndpointSlice web-x7k2p");
        assertThat(fact.ports()).containsExactly(
                new EndpointsFact.Port("http", Protocol.TCP, 8080),
                new EndpointsFact.Port("dns", Protocol.UDP, 53),
                new EndpointsFact.Port("sig", Protocol.SCTP, 9899));
        assertThat(fact.endpoints()).containsExactly(
                new EndpointsFact.Endpoint("10.1.0.5", true, true, false),
                new EndpointsFact.Endpoint("10.1.1.7", true, true, false));
    }

    @Test
    void anUnnamedPortWithoutProtocolIsTcp() {
        EndpointSlice slice = new EndpointSliceBuilder(slice(List.of("10.1.0.5")))
                .addToPorts(new EndpointPortBuilder().withPort(8080).build()).build();

        assertThat(assertOnlyFact(slice, EndpointsFact.class).ports())
                .containsExactly(new EndpointsFact.Port("", Protocol.TCP, 8080));
    }

    @Test
    void anEndpointWithoutConditionsIsReadyServingAndNotTerminating() {
        Endpoint endpoint = new EndpointBuilder().withAddresses("10.1.0.5").build();
        EndpointSlice slice = K8s.sliceWith("default", "web", "web-1", List.of(endpoint), "http/TCP/8080");

        assertThat(assertOnlyFact(slice, EndpointsFact.class).endpoints())
                .containsExactly(new EndpointsFact.Endpoint("10.1.0.5", true, true, false));
    }

    /** EndpointConditions: nil ready means ready, nil serving means as ready, nil terminating means not. */
    @ParameterizedTest(name = "ready={0} serving={1} terminating={2} -> {3} {4} {5}")
    @CsvSource(nullValues = "nil", value = {
        "nil,   nil,   nil,   true,  true,  false",
        "true,  nil,   nil,   true,  true,  false",
        "false, nil,   nil,   false, false, false",
        "nil,   false, nil,   true,  false, false",
        "nil,   true,  nil,   true,  true,  false",
        "false, true,  true,  false, true,  true",
        "false, false, true,  false, false, true",
        "true,  true,  false, true,  true,  false",
        "false, nil,   true,  false, false, true",
    })
    void appliesTheEndpointConditionDefaults(Boolean ready, Boolean serving, Boolean terminating,
            boolean expectReady, boolean expectServing, boolean expectTerminating) {
        EndpointSlice slice = K8s.sliceWith("default", "web", "web-1", List.of(conditions(ready, serving, terminating)),
                "http/TCP/8080");

        assertThat(assertOnlyFact(slice, EndpointsFact.class).endpoints())
                .containsExactly(new EndpointsFact.Endpoint("10.1.0.5", expectReady, expectServing, expectTerminating));
    }

    @Test
    void usesTheFirstAddressOfAnEndpoint() {
        Endpoint endpoint = new EndpointBuilder().withAddresses("10.1.0.5", "10.1.0.6").build();
        EndpointSlice slice = K8s.sliceWith("default", "web", "web-1", List.of(endpoint), "http/TCP/8080");

        assertThat(assertOnlyFact(slice, EndpointsFact.class).endpoints()).extracting(EndpointsFact.Endpoint::ip)
                .containsExactly("10.1.0.5");
    }

    @Test
    void aSliceWithoutEndpointsOrPortsMapsToAnEmptyGroup() {
        EndpointSlice slice = new EndpointSliceBuilder(slice(List.of())).withEndpoints().withPorts().build();

        EndpointsFact fact = assertOnlyFact(slice, EndpointsFact.class);

        assertThat(fact.endpoints()).isEmpty();
        assertThat(fact.ports()).isEmpty();
    }

    // --- EndpointSlice: fine but not translated ---

    @ParameterizedTest
    @ValueSource(strings = {"IPv6", "FQDN"})
    void aNonIpv4SliceIsANotice(String addressType) {
        EndpointSlice slice = new EndpointSliceBuilder(slice(List.of("fd00:10:244::5"), "http/TCP/8080"))
                .withAddressType(addressType).build();

        Problem p = assertNotice(slice, SLICE, "addressType");

        assertThat(p.message()).contains(addressType).contains("IPv4");
    }

    // --- EndpointSlice: malformed ---

    @Test
    void rejectsASliceWithoutServiceNameLabel() {
        EndpointSlice slice = new EndpointSliceBuilder(slice(List.of("10.1.0.5"), "http/TCP/8080"))
                .editMetadata().withLabels(null).endMetadata().build();

        Problem p = assertRejected(slice, SLICE, SERVICE_LABEL);

        assertThat(p.toString()).isEqualTo("error: EndpointSlice default/web-1 metadata.labels[kubernetes.io/service-name]:"
                + " is missing: the slice belongs to no Service");
    }

    @Test
    void rejectsASliceWithOnlyOtherLabels() {
        EndpointSlice slice = new EndpointSliceBuilder(slice(List.of("10.1.0.5"), "http/TCP/8080"))
                .editMetadata().removeFromLabels("kubernetes.io/service-name").addToLabels("app", "web").endMetadata()
                .build();

        assertRejected(slice, SLICE, SERVICE_LABEL);
    }

    @Test
    void rejectsAnEmptyServiceNameLabel() {
        assertRejected(K8s.slice("default", "", "web-1", List.of("10.1.0.5"), "http/TCP/8080"), SLICE, SERVICE_LABEL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Web", "web.example", "1web"})
    void rejectsAServiceNameLabelNoServiceCanHave(String service) {
        Problem p = assertRejected(K8s.slice("default", service, "web-1", List.of("10.1.0.5")), SLICE, SERVICE_LABEL);

        assertThat(p.message()).contains(service);
    }

    @Test
    void rejectsAServiceNameLabelTooLong() {
        assertRejected(K8s.slice("default", longName(64), "web-1", List.of("10.1.0.5")), SLICE, SERVICE_LABEL);
    }

    @Test
    void aSliceWithoutServiceIsAnErrorEvenIfNotIpv4() {
        EndpointSlice slice = new EndpointSliceBuilder(slice(List.of("fd00::5")))
                .withAddressType("IPv6").editMetadata().withLabels(null).endMetadata().build();

        assertRejected(slice, SLICE, SERVICE_LABEL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "10.1.0.256", "10.1.0", "fd00:10:244::5", "10.1.0.5/32"})
    void rejectsAnUnparsableEndpointAddress(String ip) {
        Problem p = assertRejected(slice(List.of("10.1.0.5", ip), "http/TCP/8080"), SLICE, "endpoints[1].addresses[0]");

        assertThat(p.message()).isEqualTo("'" + ip + "' is not an IPv4 address");
    }

    @Test
    void rejectsAnEndpointWithoutAddresses() {
        Endpoint endpoint = new EndpointBuilder().withNewConditions().withReady(true).endConditions().build();
        EndpointSlice slice = K8s.sliceWith("default", "web", "web-1", List.of(endpoint), "http/TCP/8080");

        assertRejected(slice, SLICE, "endpoints[0].addresses");
    }

    @Test
    void rejectsANullEndpointEntry() {
        EndpointSlice slice = slice(List.of("10.1.0.5"), "http/TCP/8080");
        slice.setEndpoints(new ArrayList<>(Arrays.asList(slice.getEndpoints().get(0), null)));

        assertRejected(slice, SLICE, "endpoints[1]");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536, 70000})
    void rejectsASlicePortOutOfRange(int port) {
        Problem p = assertRejected(sliceWithPort(port, "TCP"), SLICE, "ports[1].port");

        assertThat(p.message()).isEqualTo(port + " is not a port number (1-65535)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ICMP", "tcp", "GRE"})
    void rejectsAnUnknownSliceProtocol(String protocol) {
        Problem p = assertRejected(sliceWithPort(8081, protocol), SLICE, "ports[1].protocol");

        assertThat(p.message()).contains("'" + protocol + "'");
    }

    @Test
    void rejectsASliceWithoutMetadata() {
        EndpointSlice slice = new EndpointSliceBuilder().withAddressType("IPv4").build();

        assertRejected(slice, "EndpointSlice", "metadata");
    }

    @Test
    void rejectsASliceNameTooLongForKubernetes() {
        String name = longName(254);

        assertRejected(K8s.slice("default", "web", name, List.of("10.1.0.5")), "EndpointSlice default/" + name,
                "metadata.name");
    }

    @Test
    void rejectsASliceNamespaceTooLongForKubernetes() {
        String namespace = longName(64);

        assertRejected(K8s.slice(namespace, "web", "web-1", List.of("10.1.0.5")),
                "EndpointSlice " + namespace + "/web-1", "metadata.namespace");
    }

    // --- v1 Endpoints ---

    @Test
    void mapsEndpointsWithReadyAndNotReadyAddresses() {
        Endpoints endpoints = new EndpointsBuilder(K8s.endpoints("ns1", "web", List.of("10.1.0.5"), "http/TCP/8080"))
                .editFirstSubset().addNewNotReadyAddress().withIp("10.1.0.6").endNotReadyAddress().endSubset()
                .build();

        EndpointsFact fact = assertOnlyFact(endpoints, EndpointsFact.class);

        assertThat(fact).isEqualTo(new EndpointsFact("ns1", "web", "Endpoints web#0",
                List.of(new EndpointsFact.Port("http", Protocol.TCP, 8080)),
                List.of(new EndpointsFact.Endpoint("10.1.0.5", true, true, false),
                        new EndpointsFact.Endpoint("10.1.0.6", false, false, false))));
    }

    @Test
    void mapsEachSubsetToItsOwnGroup() {
        Endpoints endpoints = new EndpointsBuilder(K8s.endpoints("default", "web", List.of("10.1.0.5"), "http/TCP/8080"))
                .addNewSubset().addNewAddress().withIp("10.1.0.7").endAddress()
                .addNewPort().withName("http").withPort(8081).endPort().endSubset()
                .build();

        var facts = FactMapper.map(endpoints).facts();

        assertThat(facts).extracting(f -> ((EndpointsFact) f).source())
                .containsExactly("Endpoints web#0", "Endpoints web#1");
        assertThat(((EndpointsFact) facts.get(1)).ports())
                .containsExactly(new EndpointsFact.Port("http", Protocol.TCP, 8081));
    }

    @Test
    void endpointsWithoutSubsetsMapToNothing() {
        Endpoints endpoints = new EndpointsBuilder().withNewMetadata().withNamespace("default").withName("web")
                .endMetadata().build();

        Mapped mapped = FactMapper.map(endpoints);

        assertThat(mapped.facts()).isEmpty();
        assertThat(mapped.problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "10.1.0.256"})
    @NullAndEmptySource
    void rejectsAnUnparsableEndpointsAddress(String ip) {
        Endpoints ready = K8s.endpoints("default", "web", Arrays.asList("10.1.0.5", ip), "http/TCP/8080");
        Endpoints notReady = new EndpointsBuilder(K8s.endpoints("default", "web", List.of("10.1.0.5"), "http/TCP/8080"))
                .editFirstSubset().addNewNotReadyAddress().withIp(ip).endNotReadyAddress().endSubset().build();

        assertRejected(ready, "Endpoints default/web", "subsets[0].addresses[1].ip");
        assertRejected(notReady, "Endpoints default/web", "subsets[0].notReadyAddresses[0].ip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "70000", "-5"})
    void rejectsAnEndpointsPortOutOfRange(String port) {
        Endpoints endpoints = K8s.endpoints("default", "web", List.of("10.1.0.5"), "http/TCP/8080", "x/UDP/" + port);

        Problem p = assertRejected(endpoints, "Endpoints default/web", "subsets[0].ports[1].port");

        assertThat(p.toString()).isEqualTo("error: Endpoints default/web subsets[0].ports[1].port: " + port
                + " is not a port number (1-65535)");
    }

    @Test
    void rejectsAnUnknownEndpointsProtocol() {
        Endpoints endpoints = K8s.endpoints("default", "web", List.of("10.1.0.5"), "ping/ICMP/1");

        assertRejected(endpoints, "Endpoints default/web", "subsets[0].ports[0].protocol");
    }

    @Test
    void oneBadSubsetRejectsTheWholeEndpoints() {
        Endpoints endpoints = new EndpointsBuilder(K8s.endpoints("default", "web", List.of("10.1.0.5"), "http/TCP/8080"))
                .addNewSubset().addNewAddress().withIp("garbage").endAddress().endSubset()
                .build();

        assertRejected(endpoints, "Endpoints default/web", "subsets[1].addresses[0].ip");
    }

    @Test
    void rejectsANullSubset() {
        Endpoints endpoints = K8s.endpoints("default", "web", List.of("10.1.0.5"), "http/TCP/8080");
        endpoints.setSubsets(new ArrayList<>(Arrays.asList(endpoints.getSubsets().get(0), null)));

        assertRejected(endpoints, "Endpoints default/web", "subsets[1]");
    }

    @Test
    void rejectsEndpointsWithoutMetadataOrWithNamesTooLong() {
        assertRejected(new EndpointsBuilder().build(), "Endpoints", "metadata");
        assertRejected(K8s.endpoints(longName(64), "web", List.of("10.1.0.5")), "Endpoints " + longName(64) + "/web",
                "metadata.namespace");
    }
}

package org.midonet.kube.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midonet.kube.facts.MappedAssertions.assertIgnored;
import static org.midonet.kube.facts.MappedAssertions.assertOnlyFact;
import static org.midonet.kube.facts.MappedAssertions.assertRejected;
import static org.midonet.kube.facts.MappedAssertions.longName;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import java.util.ArrayList;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.midonet.kube.testing.K8s;

class FactMapperPodTest {
    private static final String MAC = "metadata.annotations[midonet.org/mac-address]";

    private static PodBuilder pod(String ip) {
        return K8s.podBuilder("default", "p1", "n1", ip);
    }

    private static Pod withPodIps(String... ips) {
        PodBuilder b = pod(null);
        for (String ip : ips) {
            b.editStatus().addNewPodIP().withIp(ip).endPodIP().endStatus();
        }
        return b.build();
    }

    // --- happy path ---

    @Test
    void mapsAScheduledRunningPod() {
        PodFact fact = assertOnlyFact(K8s.pod("ns1", "p1", "n1", "10.1.0.5", "AA:BB:CC:DD:EE:FF"), PodFact.class);

        assertThat(fact).isEqualTo(new PodFact("ns1", "p1", K8s.uid("pod/ns1/p1"), "n1", "10.1.0.5",
                "aa:bb:cc:dd:ee:ff"));
        assertThat(fact.key()).isEqualTo("ns1/p1");
    }

    @Test
    void takesTheFirstIpv4OfStatusPodIps() {
        PodFact fact = assertOnlyFact(withPodIps("fd00:10:244::5", "10.1.0.5", "10.1.0.6"), PodFact.class);

        assertThat(fact.ip()).isEqualTo("10.1.0.5");
    }

    @Test
    void statusPodIpsWinOverStatusPodIp() {
        Pod pod = pod("10.1.0.9").editStatus().addNewPodIP().withIp("10.1.0.5").endPodIP().endStatus().build();

        assertThat(assertOnlyFact(pod, PodFact.class).ip()).isEqualTo("10.1.0.5");
    }

    @Test
    void fallsBackOnStatusPodIpWithoutPodIps() {
        assertThat(assertOnlyFact(pod("10.1.0.9").build(), PodFact.class).ip()).isEqualTo("10.1.0.9");
    }

    @Test
    void anIpv6OnlyPodHasNoIp() {
        assertThat(assertOnlyFact(withPodIps("fd00:10:244::5"), PodFact.class).ip()).isNull();
        assertThat(assertOnlyFact(pod("fd00:10:244::5").build(), PodFact.class).ip()).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void aPodWhoseIpIsNotKnownYetHasNoIp(String ip) {
        Pod pending = pod(ip).editStatus().withPhase("Pending").endStatus().build();

        assertThat(assertOnlyFact(pending, PodFact.class).ip()).isNull();
    }

    @Test
    void aPodWithoutStatusHasNoIp() {
        assertThat(assertOnlyFact(pod(null).withStatus(null).build(), PodFact.class).ip()).isNull();
    }

    @Test
    void aPodWithoutMacAnnotationHasNoMac() {
        assertThat(assertOnlyFact(pod("10.1.0.5").build(), PodFact.class).mac()).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void aPodWithoutNamespaceIsInDefault(String namespace) {
        Pod pod = pod("10.1.0.5").editMetadata().withNamespace(namespace).endMetadata().build();

        assertThat(assertOnlyFact(pod, PodFact.class).namespace()).isEqualTo("default");
        assertThat(FactMapper.refOf(pod).toString()).isEqualTo("Pod default/p1");
    }

    @Test
    void aPodThatIsNotOnTheHostNetworkIsMapped() {
        assertOnlyFact(pod("10.1.0.5").editSpec().withHostNetwork(false).endSpec().build(), PodFact.class);
    }

    @Test
    void acceptsTheLongestNamesKubernetesAllows() {
        Pod pod = K8s.pod(longName(63), longName(253), "n1", "10.1.0.5", null);

        assertOnlyFact(pod, PodFact.class);
    }

    // --- out of scope ---

    @ParameterizedTest
    @NullAndEmptySource
    void ignoresAnUnscheduledPod(String node) {
        assertIgnored(K8s.podBuilder("default", "p1", node, null).editStatus().withPhase("Pending").endStatus().build());
    }

    @Test
    void ignoresAPodWithoutSpec() {
        assertIgnored(pod("10.1.0.5").withSpec(null).build());
    }

    @Test
    void ignoresAHostNetworkPod() {
        assertIgnored(pod("192.168.1.10").editSpec().withHostNetwork(true).endSpec().build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Succeeded", "Failed"})
    void ignoresAFinishedPod(String phase) {
        assertIgnored(pod("10.1.0.5").editStatus().withPhase(phase).endStatus().build());
    }

    @Test
    void doesNotCheckTheAddressesOfPodsOutOfScope() {
        assertIgnored(pod("garbage").editSpec().withHostNetwork(true).endSpec().build());
        assertIgnored(pod("garbage").editStatus().withPhase("Failed").endStatus().build());
    }

    // --- malformed ---

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "10.1.0.256", "10.1.0", "10.1.0.5.6", "10.01.0.5", "10.1.0.5/24", " 10.1.0.5"})
    void rejectsAnUnparsableStatusPodIp(String ip) {
        Problem p = assertRejected(pod(ip).build(), "Pod default/p1", "status.podIP");

        assertThat(p.message()).isEqualTo("'" + ip + "' is not an IPv4 address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "10.1.0.256", "10.1.0"})
    void rejectsAnUnparsableStatusPodIps(String ip) {
        assertRejected(withPodIps(ip), "Pod default/p1", "status.podIPs[0].ip");
        assertRejected(withPodIps("fd00:10:244::5", ip), "Pod default/p1", "status.podIPs[1].ip");
    }

    @Test
    void rejectsAPodIpsEntryWithoutIp() {
        Pod pod = withPodIps((String) null);

        Problem p = assertRejected(pod, "Pod default/p1", "status.podIPs[0].ip");

        assertThat(p.message()).isEqualTo("is missing");
    }

    @Test
    void rejectsANullPodIpsEntry() {
        Pod pod = pod(null).build();
        pod.getStatus().setPodIPs(new ArrayList<>(Arrays.asList((PodIP) null)));

        assertRejected(pod, "Pod default/p1", "status.podIPs[0].ip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "aa:bb:cc:dd:ee", "aa-bb-cc-dd-ee-ff", "aabbccddeeff",
        "aa:bb:cc:dd:ee:fg", "01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff", "00:00:00:00:00:00"})
    void rejectsAnUnparsableMac(String mac) {
        Problem p = assertRejected(K8s.pod("default", "p1", "n1", "10.1.0.5", mac), "Pod default/p1", MAC);

        assertThat(p.message()).contains("'" + mac + "'");
    }

    @Test
    void rejectsBadIpAndBadMacTogether() {
        Mapped mapped = FactMapper.map(K8s.pod("default", "p1", "n1", "10.1.0.300", "nope"));

        assertThat(mapped.facts()).isEmpty();
        assertThat(mapped.problems()).extracting(Problem::field).containsExactlyInAnyOrder("status.podIP", MAC);
    }

    @Test
    void rejectsAPodNameTooLongForKubernetes() {
        String name = longName(254);

        Problem p = assertRejected(K8s.pod("default", name, "n1", "10.1.0.5", null), "Pod default/" + name,
                "metadata.name");

        assertThat(p.message()).contains("254").contains("253");
    }

    @Test
    void rejectsANamespaceTooLongForKubernetes() {
        String namespace = longName(64);

        Problem p = assertRejected(K8s.pod(namespace, "p1", "n1", "10.1.0.5", null), "Pod " + namespace + "/p1",
                "metadata.namespace");

        assertThat(p.message()).contains("64").contains("63");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Default", "kube.system", "ns_1", "-ns"})
    void rejectsAnInvalidNamespace(String namespace) {
        assertRejected(K8s.pod(namespace, "p1", "n1", "10.1.0.5", null), "Pod " + namespace + "/p1",
                "metadata.namespace");
    }

    @ParameterizedTest
    @ValueSource(strings = {"P1", "p_1", "p1-", "p 1"})
    void rejectsAnInvalidPodName(String name) {
        assertRejected(K8s.pod("default", name, "n1", "10.1.0.5", null), "Pod default/" + name, "metadata.name");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsAPodWithoutName(String name) {
        assertRejected(K8s.pod("default", name, "n1", "10.1.0.5", null), "Pod default/" + name, "metadata.name");
    }

    @Test
    void rejectsAPodWithoutMetadataEvenIfUnscheduled() {
        Pod pod = new PodBuilder().withNewSpec().endSpec().build();

        Problem p = assertRejected(pod, "Pod", "metadata");

        assertThat(p.toString()).isEqualTo("error: Pod null metadata: is missing");
    }

    @Test
    void namesTheKindEvenWhenTheObjectLacksIt() {
        Pod pod = K8s.pod("default", "p1", "n1", "garbage", null);
        pod.setKind(null);

        assertRejected(pod, "Pod default/p1", "status.podIP");
    }
}

package org.midonet.kube.controller.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {
    private static final String NAMESPACE = "kube-system";
    private static final String LEASE = "midonet-kube-controllers";
    private static final Duration LEASE_DURATION = Duration.ofMillis(2000);
    private static final Duration RENEW_DEADLINE = Duration.ofMillis(1200);
    private static final Duration RETRY_PERIOD = Duration.ofMillis(200);

    KubernetesClient client;
    KubernetesMockServer server;

    private final List<Replica> replicas = new ArrayList<>();
    private final List<KubernetesClient> clients = new ArrayList<>();
    private final List<TcpRelay> relays = new ArrayList<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicBoolean watching = new AtomicBoolean(true);
    private Thread monitor;

    /** One replica: its election and what its callbacks saw. */
    private static final class Replica {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        LeaderElection election;

        boolean leads() {
            return election.isLeader();
        }
    }

    @BeforeEach
    void watchForTwoLeaders() {
        monitor = new Thread(() -> {
            while (watching.get()) {
                if (replicas.stream().filter(r -> r.election != null && r.leads()).count() > 1) {
                    overlaps.incrementAndGet();
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "two-leaders-monitor");
        monitor.setDaemon(true);
        monitor.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        watching.set(false);
        monitor.join(1000);
        replicas.forEach(r -> r.election.close());
        clients.forEach(KubernetesClient::close);
        relays.forEach(TcpRelay::close);
    }

    private Replica replica(String identity, KubernetesClient kube) {
        Replica replica = new Replica();
        LeaderElection.Config config = LeaderElection.Config.of(NAMESPACE, LEASE).withIdentity(identity)
                .withTimings(LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD);
        replica.election = new LeaderElection(kube, config, replica.starts::incrementAndGet, replica.stops::incrementAndGet);
        synchronized (replicas) {
            replicas.add(replica);
        }
        replica.election.start();
        return replica;
    }

    private KubernetesClient ownClient() {
        return warm(server.createClient());
    }

    /** Makes a first call, so that the TLS handshake of a cold client does not eat into the renew deadline. */
    private KubernetesClient warm(KubernetesClient kube) {
        clients.add(kube);
        kube.leases().inNamespace(NAMESPACE).list();
        return kube;
    }

    private String holder() {
        Lease lease = client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    @Test
    void exactlyOneOfTwoLeadsAndTheOtherTakesOverWhenItStops() {
        Replica a = replica("replica-a", ownClient());
        Replica b = replica("replica-b", ownClient());

        await().atMost(Duration.ofSeconds(5)).until(() -> a.leads() || b.leads());
        Replica leader = a.leads() ? a : b;
        Replica other = leader == a ? b : a;
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> leader.leads() && !other.leads());
        assertThat(holder()).isEqualTo(leader.election.identity());
        assertThat(other.election.leader()).contains(leader.election.identity());
        assertThat(leader.starts).hasValue(1);
        assertThat(other.starts).hasValue(0);

        leader.election.close();
        assertThat(leader.leads()).isFalse();
        assertThat(leader.stops).as("onStopLeading has run when close() returns").hasValue(1);
        await().atMost(Duration.ofSeconds(4)).until(other::leads);
        assertThat(holder()).isEqualTo(other.election.identity());
        assertThat(other.starts).hasValue(1);
        assertThat(overlaps).as("moments when both led").hasValue(0);
    }

    @Test
    void whenTheLeaderIsCutOffTheOtherWaitsForTheLeaseToExpire() throws Exception {
        TcpRelay partition = new TcpRelay(server.getPort());
        relays.add(partition);
        KubernetesClient cutOff = warm(new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withMasterUrl(client.getConfiguration().getMasterUrl().replace(":" + server.getPort(), ":" + partition.port()))
                .withRequestTimeout(2000).withConnectionTimeout(1000).withRequestRetryBackoffLimit(0).build()).build());
        Replica a = replica("replica-a", cutOff);
        await().atMost(Duration.ofSeconds(5)).until(a::leads);
        Replica b = replica("replica-b", ownClient());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !b.leads());

        long cut = System.nanoTime();
        partition.cut(); // a can no longer renew, nor release: as if its node were cut off
        await().atMost(Duration.ofSeconds(3)).until(() -> !a.leads());
        await().atMost(Duration.ofSeconds(6)).until(b::leads);
        assertThat(Duration.ofNanos(System.nanoTime() - cut)).as("b waited for the lease to expire")
                .isGreaterThanOrEqualTo(RENEW_DEADLINE);
        assertThat(holder()).isEqualTo("replica-b");
        assertThat(a.stops).hasValue(1);
        assertThat(overlaps).as("moments when both led").hasValue(0);
    }

    @Test
    void aLeaderThatLosesTheLeaseStepsDownAndCampaignsAgain() {
        Replica a = replica("replica-a", ownClient());
        await().atMost(Duration.ofSeconds(5)).until(a::leads);

        // another holder takes the Lease (as a replica on the other side of a partition would after expiry)
        // (a 409 when a renews at the same moment: try again)
        await().atMost(Duration.ofSeconds(3)).ignoreExceptions().until(() -> {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            client.leases().inNamespace(NAMESPACE).withName(LEASE).edit(l -> new LeaseBuilder(l).editSpec()
                    .withHolderIdentity("intruder").withRenewTime(now).withAcquireTime(now).endSpec().build());
            return true;
        });
        await().atMost(Duration.ofSeconds(3)).until(() -> !a.leads());
        await().atMost(Duration.ofSeconds(3)).until(() -> a.election.leader().orElse("").equals("intruder"));
        assertThat(a.stops).hasValue(1);

        // the intruder never renews: after its lease expires, a leads again
        await().atMost(Duration.ofSeconds(6)).until(a::leads);
        assertThat(a.starts).hasValue(2);
        assertThat(holder()).isEqualTo("replica-a");
    }

    @Test
    void timingsThatCouldLetTwoLeadAreRefused() {
        LeaderElection.Config config = LeaderElection.Config.of(NAMESPACE, LEASE);
        assertThat(config.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.identity()).isNotBlank();
        assertThatThrownBy(() -> config.withTimings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than the lease");
        assertThatThrownBy(() -> config.withTimings(Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry");
        assertThatThrownBy(() -> config.withIdentity(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}

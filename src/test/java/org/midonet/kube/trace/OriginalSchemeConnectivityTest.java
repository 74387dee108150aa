package org.midonet.kube.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The original's translation of endpoints (examples/rules/original-endpoints: one chain per endpoint, each
 * jumped to unconditionally and ending in an accepting DNAT) traced next to ours: the original sends every
 * connection to one endpoint, ours spreads them over all ready ones (the original's README, "Limitations").
 */
class OriginalSchemeConnectivityTest {
    private static SampleNetwork original;
    private static SampleNetwork ours;

    @BeforeAll
    static void start() throws Exception {
        original = SampleNetwork.original();
        ours = SampleNetwork.ours();
    }

    @AfterAll
    static void stop() {
        original.close();
        ours.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"svc/kube-system/kube-dns:dns", "svc/kube-system/kube-dns:dns-tcp", "svc/default/web:http"})
    void theOriginalReachesOneEndpointWhereOursReachesAll(String service) {
        String client = "pod/default/db-0";
        List<Tracer.Outcome> theirs = original.send(client, service);
        List<Tracer.Outcome> mine = ours.send(client, service);

        assertThat(theirs).as("the original makes no random choice").hasSize(1);
        assertThat(ConnectivityTest.reachedAddresses(theirs)).hasSize(1);
        assertThat(ConnectivityTest.reachedAddresses(mine)).hasSize(2)
                .containsAll(ConnectivityTest.reachedAddresses(theirs));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"svc/kube-system/kube-dns:dns", "svc/default/web:http", "svc/default/kubernetes:https"})
    void theOriginalsOneEndpointAnswersFromTheServiceAddress(String service) {
        Tracer.Outcome outcome = original.send("pod/default/db-0", service).get(0);
        TraceEndpoints.Destination destination = original.endpoints.destination(service);

        ConnectivityTest.assertRepliedTo(outcome, "pod default/db-0", destination.ip() + ":" + destination.port());
    }
}

package org.midonet.kube.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.midonet.kube.facts.EndpointsFact.Endpoint;
import org.midonet.kube.facts.EndpointsFact.Port;
import org.midonet.kube.facts.EndpointsFact;
import org.midonet.kube.facts.Protocol;
import org.midonet.kube.facts.ServiceFact.ServicePort;
import org.midonet.kube.facts.ServiceFact;
import org.midonet.kube.midonet.model.ChainRule.NatTarget;
import org.midonet.kube.translate.Backends.Backend;

/** The DNAT targets of a Service port: one per backend, in the backends' order. */
class BackendsTest {
    private static final ServicePort HTTP = new ServicePort("http", Protocol.TCP, 80);
    private static final ServiceFact WEB = new ServiceFact("team-a", "web", "uid-web", "10.96.0.20", List.of(HTTP));

    @Test
    void natTargetsAreTheBackendsInTheirOrder() {
        Backends backends = new Backends(WEB, HTTP, List.of(new Backend("10.1.0.16", 8080), new Backend("10.1.0.5", 9090)));

        assertThat(backends.natTargets())
                .containsExactly(new NatTarget("10.1.0.16", "10.1.0.16", 8080, 8080),
                        new NatTarget("10.1.0.5", "10.1.0.5", 9090, 9090));
    }

    @Test
    void selectedBackendsGiveOneTargetPerAddressAndPortSortedByAddress() {
        EndpointsFact slice1 = slice("web-1", 8080, ready("10.1.0.16"), ready("10.1.0.5"));
        EndpointsFact slice2 = slice("web-2", 8080, ready("10.1.0.5"), ready("10.1.0.9"));

        assertThat(Backends.select(WEB, HTTP, List.of(slice1, slice2)).natTargets())
                .containsExactly(NatTarget.to("10.1.0.5", 8080), NatTarget.to("10.1.0.9", 8080),
                        NatTarget.to("10.1.0.16", 8080));
    }

    @Test
    void noBackendsNoTargets() {
        assertThat(new Backends(WEB, HTTP, List.of()).natTargets()).isEmpty();
    }

    private static EndpointsFact slice(String name, int port, Endpoint... endpoints) {
        return new EndpointsFact("team-a", "web", "EndpointSlice " + name, List.of(new Port("http", Protocol.TCP, port)),
                List.of(endpoints));
    }

    private static Endpoint ready(String ip) {
        return new Endpoint(ip, true, true, false);
    }
}

package org.midonet.kube.translate;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.midonet.kube.facts.EndpointsFact;
import org.midonet.kube.facts.ServiceFact;
import org.midonet.kube.facts.ServiceFact.ServicePort;

/**
 * The endpoints a Service port's traffic goes to: the ready ones; when none is ready, those that still
 * serve while terminating (as kube-proxy does, so that connections drain during a rollout).
 */
public record Backends(ServiceFact service, ServicePort port, List<Backend> backends) {

    /** An endpoint address and the port it serves the Service port on. */
    public record Backend(String ip, int port) implements Comparable<Backend> {
        @Override
        public int compareTo(Backend o) {
            int byIp = Long.compare(org.midonet.kube.facts.Ipv4.parseOrNull(ip), org.midonet.kube.facts.Ipv4.parseOrNull(o.ip));
            return byIp != 0 ? byIp : Integer.compare(port, o.port);
        }
    }

    public Backends {
        backends = List.copyOf(backends);
    }

    /** Selects, sorted by address, the backends of a Service port from all endpoint groups of its Service. */
    public static Backends select(ServiceFact service, ServicePort port, Collection<EndpointsFact> groups) {
        TreeSet<Backend> ready = new TreeSet<>();
        TreeSet<Backend> terminating = new TreeSet<>();
        for (EndpointsFact group : groups) {
            for (EndpointsFact.Port p : group.ports()) {
                if (!p.name().equals(port.name()) || p.protocol() != port.protocol()) {
                    continue;
                }
                for (EndpointsFact.Endpoint e : group.endpoints()) {
                    if (e.ready()) {
                        ready.add(new Backend(e.ip(), p.port()));
                    } else if (e.serving() && e.terminating()) {
                        terminating.add(new Backend(e.ip(), p.port()));
                    }
                }
            }
        }
        return new Backends(service, port, List.copyOf(ready.isEmpty() ? terminating : ready));
    }

    public boolean isEmpty() {
        return backends.isEmpty();
    }
}

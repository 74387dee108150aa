package org.midonet.kube.translate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import org.midonet.kube.common.Ipv4;
import org.midonet.kube.facts.EndpointsFact;
import org.midonet.kube.facts.ServiceFact.ServicePort;
import org.midonet.kube.facts.ServiceFact;
import org.midonet.kube.midonet.model.ChainRule.NatTarget;

/**
 * The endpoints a Service port's traffic goes to: the ready ones; when none is ready, those that still
 * serve while terminating (as kube-proxy does, so that connections drain during a rollout).
 */
public record Backends(ServiceFact service, ServicePort port, List<Backend> backends) {

    /** An endpoint address and the port it serves the Service port on. */
    public record Backend(String ip, int port) implements Comparable<Backend> {
        @Override
        public int compareTo(Backend o) {
            int byIp = Long.compare(Ipv4.parse(ip), Ipv4.parse(o.ip));
            return byIp != 0 ? byIp : Integer.compare(port, o.port);
        }
    }

    public Backends {
        backends = List.copyOf(backends);
    }

    /** Selects, sorted by address, the backends of a Service port from all endpoint groups of its Service. */
    public static Backends select(ServiceFact service, ServicePort port, Collection<EndpointsFact> groups) {
        // keyed by (address << 16 | port): each address is parsed once, the order is Backend's natural order
        TreeMap<Long, Backend> ready = new TreeMap<>();
        TreeMap<Long, Backend> terminating = new TreeMap<>();
        for (EndpointsFact group : groups) {
            for (EndpointsFact.Port p : group.ports()) {
                if (!p.name().equals(port.name()) || p.protocol() != port.protocol()) {
                    continue;
                }
                for (EndpointsFact.Endpoint e : group.endpoints()) {
                    if (e.ready()) {
                        ready.putIfAbsent(key(e.ip(), p.port()), new Backend(e.ip(), p.port()));
                    } else if (e.serving() && e.terminating()) {
                        terminating.putIfAbsent(key(e.ip(), p.port()), new Backend(e.ip(), p.port()));
                    }
                }
            }
        }
        return new Backends(service, port, List.copyOf((ready.isEmpty() ? terminating : ready).values()));
    }

    private static long key(String ip, int port) {
        return Ipv4.parse(ip) << 16 | (port & 0xffff);
    }

    /** The targets of the port's DNAT: each backend's address and port, in the backends' order. */
    public List<NatTarget> natTargets() {
        List<NatTarget> targets = new ArrayList<>(backends.size());
        for (Backend backend : backends) {
            targets.add(NatTarget.to(backend.ip(), backend.port()));
        }
        return targets;
    }

    public boolean isEmpty() {
        return backends.isEmpty();
    }
}

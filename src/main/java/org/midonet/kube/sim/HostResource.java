package org.midonet.kube.sim;

import java.util.UUID;

/**
 * /hosts, read-only here (hosts are seeded), and the host-interface port bindings /hosts/{id}/ports
 * (reference §5.9).
 */
final class HostResource {

    Reply list(Call call) {
        return call.ok(call.state.hosts.values().stream().map(call.render::host).toList());
    }

    Reply get(Call call) {
        return call.ok(call.render.host(find(call.state, call.id("id"))));
    }

    Reply bindings(Call call) {
        SimHost host = find(call.state, call.id("id"));
        return call.ok(call.state.ports.values().stream().filter(p -> host.id().equals(p.hostId))
                .map(call.render::hostInterfacePort).toList());
    }

    Reply binding(Call call) {
        UUID hostId = call.id("id");
        SimPort port = call.state.ports.get(call.id("portId"));
        if (port == null || !hostId.equals(port.hostId)) {
            throw ApiException.notFound("Host interface port not found");
        }
        return call.ok(call.render.hostInterfacePort(port));
    }

    /** Binds a port to an interface of the host; the checks go in MidoNet's order. */
    Reply bind(Call call) {
        Body body = call.body();
        UUID portId = body.uuid("portId");
        String interfaceName = body.string("interfaceName");
        SimState state = call.state;
        SimHost host = find(state, call.id("id"));
        if (!state.inAnyTunnelZone(host.id())) {
            throw ApiException.conflict("The specified host is not in any tunnel zone.");
        }
        SimPort port = PortResource.find(state, portId);
        if (port.hostId != null || port.interfaceName != null) {
            throw ApiException.conflict("Port " + port.id + " is already bound to an interface");
        }
        if (state.interfaceBound(host.id(), interfaceName)) {
            throw ApiException.conflict("Interface " + interfaceName + " is already bound to a port.");
        }
        state.bind(port, host.id(), interfaceName);
        state.touch();
        return call.created("/hosts/" + host.id() + "/ports/" + port.id);
    }

    /** Unbinds the port whichever host it is bound to; 404 only when the port does not exist. */
    Reply unbind(Call call) {
        SimPort port = PortResource.find(call.state, call.id("portId"));
        if (port.hostId != null || port.interfaceName != null) {
            call.state.unbind(port);
            call.state.touch();
        }
        return Reply.noContent();
    }

    static SimHost find(SimState state, UUID id) {
        SimHost host = state.hosts.get(id);
        if (host == null) {
            throw ApiException.noSuch("Host", id);
        }
        return host;
    }
}

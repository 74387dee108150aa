package org.midonet.kube.midonet.client;

import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import org.midonet.kube.sim.MidonetSim;
import org.midonet.kube.sim.SimHost;
import org.midonet.kube.sim.SimOptions;

/** The MidoNet contract, against the emulator over HTTP. */
class EmulatorContractTest extends MidonetContract {
    private static final SimHost HOST = SimHost.named("node-1", "192.0.2.10");
    private MidonetSim sim;

    @Override
    protected URI startServer() throws IOException {
        sim = MidonetSim.start(SimOptions.builder().port(0).host(HOST).build());
        return sim.apiUri();
    }

    @Override
    protected void stopServer() {
        sim.close();
    }

    @Override
    protected UUID hostId() {
        return HOST.id();
    }
}

package org.midonet.kube.sim;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A MidoNet host as an agent would register it. The emulator never creates hosts through the API; they are
 * seeded from a file, flags or code.
 *
 * @param id the host id
 * @param name the agent's host name (clients resolve Kubernetes nodes by it)
 * @param alive whether the agent is up
 * @param addresses the addresses of the host's interfaces
 */
public record SimHost(UUID id, String name, boolean alive, List<String> addresses) {

    public SimHost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    /** A live host with the id {@link #idFor(String)} derives from its name. */
    public static SimHost named(String name, String... addresses) {
        return new SimHost(idFor(name), name, true, List.of(addresses));
    }

    /** The deterministic id of a host given only by name: a name-based (version 3) UUID. */
    public static UUID idFor(String name) {
        return UUID.nameUUIDFromBytes(("midonet-kube-sim/host/" + name).getBytes(StandardCharsets.UTF_8));
    }
}

package org.midonet.kube.cli;

import java.time.Duration;
import java.time.Instant;
import org.midonet.kube.controller.ops.ReadinessCheck;
import org.midonet.kube.node.NodeAgent;

/**
 * The node agent's probes. Ready: the last check found the node connected (or made it so), which holds a
 * rolling update of the DaemonSet at a node that cannot be. Alive: the checks go on; a node that cannot be
 * connected (no pod CIDR yet, say) is not a reason to restart the agent, a check that stopped is.
 */
final class NodeProbes {
    private NodeProbes() {
    }

    static ReadinessCheck.Status readiness(NodeAgent.Check last) {
        if (last == null) {
            return ReadinessCheck.Status.notReady("setting up the node");
        }
        return last.ok() ? ReadinessCheck.Status.ok() : ReadinessCheck.Status.notReady(last.problem());
    }

    static ReadinessCheck.Status liveness(NodeAgent.Check last, Duration period, Instant now) {
        if (last == null) {
            return ReadinessCheck.Status.ok(); // still setting up: waiting for the Node is not being stuck
        }
        Duration since = Duration.between(last.at(), now);
        Duration limit = period.multipliedBy(3).plusSeconds(30);
        return since.compareTo(limit) <= 0 ? ReadinessCheck.Status.ok()
                : ReadinessCheck.Status.notReady("the node was last checked " + since.toSeconds() + " s ago (every "
                        + period.toSeconds() + " s expected)");
    }
}

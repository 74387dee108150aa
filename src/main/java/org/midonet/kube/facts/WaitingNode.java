package org.midonet.kube.facts;

/**
 * A Node that exists but is not on the cluster network yet: the node annotator has not written its MidoNet host
 * id, or Kubernetes has not given it a pod CIDR. Its Pods wait for it, which is no conflict (rules/conflicts.drl).
 */
public record WaitingNode(String name) {
}

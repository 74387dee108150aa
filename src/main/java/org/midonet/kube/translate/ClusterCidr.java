package org.midonet.kube.translate;

import org.midonet.kube.common.Cidr;

/** The fact of the configured cluster CIDR (MIDONETKUBE_CLUSTERCIDR, --cluster-cidr): every pod CIDR is within it. */
public record ClusterCidr(Cidr cidr) {
}

package org.midonet.kube.translate;

/** The Kubernetes object a Translation belongs to; uid is null for objects read from files without one. */
public record Owner(String apiVersion, String kind, String namespace, String name, String uid) {
}

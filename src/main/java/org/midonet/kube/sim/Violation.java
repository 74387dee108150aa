package org.midonet.kube.sim;

/** One bean-validation failure: the JSON property and MidoNet's message for it. */
record Violation(String property, String message) {
}

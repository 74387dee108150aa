package org.midonet.kube.sim;

/**
 * One HTTP method of an endpoint.
 *
 * @param media how the request's Accept (GET) or Content-Type (POST, PUT) is checked
 * @param kind what a write creates, changes or deletes, for the write counts (null for reads)
 */
record Operation(String method, MediaCheck media, String kind, Handler handler) {
}

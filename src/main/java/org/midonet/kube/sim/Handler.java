package org.midonet.kube.sim;

/** Handles one operation of the API; runs with the state's lock held. */
@FunctionalInterface
interface Handler {
    Reply handle(Call call);
}

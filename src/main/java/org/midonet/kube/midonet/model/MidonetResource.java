package org.midonet.kube.midonet.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.UUID;

/**
 * A MidoNet object as the REST API creates it. The record components that are not annotated
 * {@code @JsonIgnore} form exactly the JSON body to POST; the rest says where the object lives.
 */
public sealed interface MidonetResource
        permits TunnelZone, TunnelZoneHost, Router, Bridge, BridgePort, RouterPort, PortLink, Route, Chain,
        ChainRule, HostInterfacePort, MacPort, Ip4MacPair {

    /** The kind recorded in a Translation, e.g. "Port" for both bridge and router ports. */
    @JsonIgnore
    ResourceKind kind();

    /** The parent object's id, or null for top-level objects. */
    @JsonIgnore
    UUID parent();

    /**
     * The object's own key: its id, or for objects without an id the natural key that names it in
     * its item path (host id, port id, MAC and port, IP and MAC).
     */
    @JsonIgnore
    String key();

    /** Path, relative to the API root, to POST the object to. */
    @JsonIgnore
    String createPath();

    /** Path, relative to the API root, of the object itself (GET and DELETE). */
    @JsonIgnore
    String itemPath();

    @JsonIgnore
    default String mediaType() {
        return kind().mediaType();
    }

    /** Whether MidoNet lets a PUT change the object, rather than a delete and a create. */
    @JsonIgnore
    default boolean updatable() {
        return kind().updatable();
    }
}

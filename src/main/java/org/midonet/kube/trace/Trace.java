package org.midonet.kube.trace;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/** What happened to one packet: every step, and where it ended. */
public record Trace(Packet sent, String from, List<Step> steps, List<Delivery> deliveries, Drop drop,
        String consumed, List<ChoicePoint> choices) {

    /**
     * One step: {@code kind} is ingress, egress, filter, rule, nat (a translation applied), bridge, route, note, drop;
     * {@code level} is the nesting for display (chains jumped into are deeper).
     */
    public record Step(String kind, int level, String device, String text, UUID ruleId) {
    }

    /** The packet left the virtual network at an exterior port, with these headers. */
    public record Delivery(UUID port, String label, Packet packet) {
    }

    /** Where and why the packet was lost; {@code error} when MidoNet would not even keep flow state. */
    public record Drop(String where, String reason, UUID ruleId, boolean error) {
    }

    /** A random decision MidoNet makes (several NAT targets, equal routes) and the option this trace took. */
    public record ChoicePoint(String where, UUID ruleId, List<String> options, int chosen) {
    }

    public boolean delivered() {
        return !deliveries.isEmpty();
    }

    @JsonProperty("verdict")
    public String verdict() {
        if (delivered()) {
            return "delivered";
        }
        return consumed != null ? "consumed" : "dropped";
    }
}

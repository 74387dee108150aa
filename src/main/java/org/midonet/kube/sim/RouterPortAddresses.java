package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of a router port (MidoNet 5.4.1+, reference §5.3): {@code portSubnet} is a list of
 * "address/length" entries; a body with only {@code portAddress} and {@code networkLength} gets
 * {@code [portAddress/networkLength]}; {@code portAddress}, {@code networkAddress} and {@code networkLength} are
 * then derived from the first IPv4 entry.
 */
final class RouterPortAddresses {
    private RouterPortAddresses() {
    }

    static void put(Body body, ObjectNode spec) {
        List<String> subnets = body.strings("portSubnet");
        String portAddress = body.string("portAddress");
        Integer networkLength = body.integer("networkLength");
        if (portAddress != null && !Net.isIpv4(portAddress)) {
            body.violation("portAddress", "is an invalid IP format");
        }
        body.range("networkLength", networkLength, 0, 32);
        String networkAddress = body.string("networkAddress");
        if (networkAddress != null && !Net.isIpv4(networkAddress)) {
            body.violation("networkAddress", "is an invalid IP format");
        }
        List<String> entries = new ArrayList<>();
        if (subnets != null) {
            for (String subnet : subnets) {
                if (validCidr(subnet)) {
                    entries.add(subnet);
                } else {
                    body.violation("portSubnet", "'" + subnet + "' is not a valid CIDR");
                }
            }
        }
        if (entries.isEmpty() && portAddress != null && Net.isIpv4(portAddress) && !body.hasViolations()) {
            entries.add(portAddress + "/" + (networkLength == null ? 0 : networkLength));
        }
        ArrayNode list = spec.putArray("portSubnet");
        entries.forEach(list::add);
        derive(spec);
    }

    /** Sets portAddress, networkAddress and networkLength from the first IPv4 entry of portSubnet. */
    private static void derive(ObjectNode spec) {
        for (JsonNode entry : spec.path("portSubnet")) {
            String text = entry.asText();
            String address = text.substring(0, text.indexOf('/'));
            if (Net.isIpv4(address)) {
                int length = Integer.parseInt(text.substring(text.indexOf('/') + 1));
                spec.put("portAddress", address);
                spec.put("networkAddress", Net.network(address, length));
                spec.put("networkLength", length);
                return;
            }
        }
        spec.putNull("portAddress");
        spec.putNull("networkAddress");
        spec.put("networkLength", 0);
    }

    static boolean validCidr(String cidr) {
        if (cidr == null) {
            return false;
        }
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String address = cidr.substring(0, slash);
        int max = Net.isIpv4(address) ? 32 : Net.isIpv6(address) ? 128 : -1;
        try {
            int length = Integer.parseInt(cidr.substring(slash + 1));
            return max > 0 && length >= 0 && length <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

package org.midonet.kube.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.midonet.kube.common.Ipv4;

/** Collects the problems of one object while its fields are validated. */
final class Checks {
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    final ObjectRef object;
    final List<Problem> problems = new ArrayList<>();

    Checks(ObjectRef object) {
        this.object = object;
    }

    void error(String field, String message) {
        problems.add(Problem.error(object, field, message));
    }

    void notice(String field, String message) {
        problems.add(Problem.notice(object, field, message));
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    Mapped result(Object... facts) {
        return new Mapped(object, hasErrors() ? List.of() : List.of(facts), problems);
    }

    Mapped result(List<?> facts) {
        return new Mapped(object, hasErrors() ? List.of() : new ArrayList<>(facts), problems);
    }

    /** A DNS label (Services, Namespaces: at most 63 characters) or a DNS subdomain (at most 253). */
    void name(String field, String value, boolean label) {
        int max = label ? 63 : 253;
        if (value == null || value.isEmpty()) {
            error(field, "is missing");
        } else if (value.length() > max) {
            error(field, "is " + value.length() + " characters long; a Kubernetes name has at most " + max);
        } else if (!(label ? DNS_LABEL : DNS_SUBDOMAIN).matcher(value).matches()) {
            error(field, "'" + value + "' is not a valid Kubernetes name");
        }
    }

    /** A Service name is a DNS-1035 label: it starts with a letter and has no dots. */
    void serviceName(String field, String value) {
        if (value.length() > 63) {
            error(field, "is " + value.length() + " characters long; a Service name has at most 63");
        } else if (!DNS_1035_LABEL.matcher(value).matches()) {
            error(field, "'" + value + "' is not a valid Service name (a DNS label starting with a letter)");
        }
    }

    String ipv4(String field, String value) {
        if (value == null || value.isEmpty()) {
            error(field, "is missing");
            return null;
        }
        if (!Ipv4.isValid(value)) {
            error(field, "'" + value + "' is not an IPv4 address");
            return null;
        }
        return value;
    }

    /** An interface's (unicast, non-zero) MAC address, normalised to lower case; null when absent. */
    String mac(String field, String value) {
        if (value == null) {
            return null;
        }
        if (!MAC.matcher(value).matches()) {
            error(field, "'" + value + "' is not a MAC address (expected six hex pairs separated by ':')");
            return null;
        }
        if ((Integer.parseInt(value.substring(0, 2), 16) & 1) != 0) {
            error(field, "'" + value + "' is a multicast MAC address, not an interface's");
            return null;
        }
        if (value.equals("00:00:00:00:00:00")) {
            error(field, "'" + value + "' is the zero MAC address, not an interface's");
            return null;
        }
        return value.toLowerCase(Locale.ROOT);
    }

    UUID uuid(String field, String value) {
        try {
            UUID id = UUID.fromString(value);
            if (!id.toString().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            error(field, "'" + value + "' is not a UUID");
            return null;
        }
    }

    Protocol protocol(String field, String value) {
        try {
            return Protocol.parse(value);
        } catch (IllegalArgumentException e) {
            error(field, e.getMessage());
            return null;
        }
    }

    int port(String field, Integer value) {
        if (value == null) {
            error(field, "is missing");
            return 0;
        }
        if (value < 1 || value > 65535) {
            error(field, value + " is not a port number (1-65535)");
            return 0;
        }
        return value;
    }
}

package org.midonet.kube.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to run the emulator. Build with {@link #builder()}; the defaults are MidoNet's own (127.0.0.1:8181, mock
 * authentication) with no hosts and no faults.
 *
 * @param bind the address to listen on
 * @param port the port; 0 for any free one
 * @param hosts the hosts the agents would have registered
 * @param auth MOCK (any credentials) or BASIC (only username and password)
 * @param seed the seed of every random choice (faults, generated ids and MACs); null for a random seed
 * @param portIdInLinkFails reproduce MNA-1249: a link body that carries portId fails with 500 (default true)
 */
public record SimOptions(String bind, int port, List<SimHost> hosts, AuthMode auth, String username, String password,
        double failRate, double dropRate, long latencyMillis, long tokenTtlSeconds, Long seed,
        boolean portIdInLinkFails) {

    public static final int DEFAULT_PORT = 8181;
    public static final String DEFAULT_BIND = "127.0.0.1";

    public SimOptions {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(auth, "auth");
        hosts = List.copyOf(hosts);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port must be between 0 and 65535, not " + port);
        }
        if (auth == AuthMode.BASIC && (username == null || password == null)) {
            throw new IllegalArgumentException("basic authentication needs a user name and a password");
        }
    }

    /** The password is never shown. */
    @Override
    public String toString() {
        return "SimOptions[bind=" + bind + ", port=" + port + ", hosts=" + hosts + ", auth=" + auth + ", username="
                + username + ", password=<hidden>, failRate=" + failRate + ", dropRate=" + dropRate + ", latencyMillis="
                + latencyMillis + ", tokenTtlSeconds=" + tokenTtlSeconds + ", seed=" + seed + ", portIdInLinkFails="
                + portIdInLinkFails + "]";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder of {@link SimOptions}. */
    public static final class Builder {
        private String bind = DEFAULT_BIND;
        private int port = DEFAULT_PORT;
        private final List<SimHost> hosts = new ArrayList<>();
        private AuthMode auth = AuthMode.MOCK;
        private String username = "admin";
        private String password;
        private double failRate;
        private double dropRate;
        private long latencyMillis;
        private long tokenTtlSeconds;
        private Long seed;
        private boolean portIdInLinkFails = true;

        public Builder bind(String bind) {
            this.bind = bind;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder host(SimHost host) {
            hosts.add(host);
            return this;
        }

        public Builder hosts(List<SimHost> hosts) {
            this.hosts.addAll(hosts);
            return this;
        }

        public Builder mockAuth() {
            this.auth = AuthMode.MOCK;
            return this;
        }

        public Builder basicAuth(String username, String password) {
            this.auth = AuthMode.BASIC;
            this.username = username;
            this.password = password;
            return this;
        }

        public Builder failRate(double failRate) {
            this.failRate = failRate;
            return this;
        }

        public Builder dropRate(double dropRate) {
            this.dropRate = dropRate;
            return this;
        }

        public Builder latencyMillis(long latencyMillis) {
            this.latencyMillis = latencyMillis;
            return this;
        }

        public Builder tokenTtlSeconds(long tokenTtlSeconds) {
            this.tokenTtlSeconds = tokenTtlSeconds;
            return this;
        }

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder portIdInLinkFails(boolean portIdInLinkFails) {
            this.portIdInLinkFails = portIdInLinkFails;
            return this;
        }

        public SimOptions build() {
            return new SimOptions(bind, port, hosts, auth, username, password, failRate, dropRate, latencyMillis,
                    tokenTtlSeconds, seed, portIdInLinkFails);
        }
    }
}

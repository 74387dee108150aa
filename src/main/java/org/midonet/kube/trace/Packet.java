package org.midonet.kube.trace;

/**
 * The headers the simulation looks at and rewrites. Ports are 0 for protocols without them. Protocol numbers
 * are IANA's: 6 TCP, 17 UDP, 132 SCTP, 1 ICMP.
 */
public record Packet(String srcMac, String dstMac, String srcIp, String dstIp, int protocol, int srcPort,
        int dstPort, int ttl) {

    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int SCTP = 132;
    public static final int ICMP = 1;
    public static final int IPV4 = 0x0800;

    Packet withSource(String ip, int port) {
        return new Packet(srcMac, dstMac, ip, dstIp, protocol, port, dstPort, ttl);
    }

    Packet withDestination(String ip, int port) {
        return new Packet(srcMac, dstMac, srcIp, ip, protocol, srcPort, port, ttl);
    }

    Packet withMacs(String src, String dst) {
        return new Packet(src, dst, srcIp, dstIp, protocol, srcPort, dstPort, ttl);
    }

    Packet withTtl(int value) {
        return new Packet(srcMac, dstMac, srcIp, dstIp, protocol, srcPort, dstPort, value);
    }

    /** The answer a receiver sends back: addresses and ports swapped; the caller fills in the MACs. */
    public Packet reply() {
        return new Packet(dstMac, null, dstIp, srcIp, protocol, dstPort, srcPort, 64);
    }

    /** Whether MidoNet keeps NAT state for the protocol (it translates TCP, UDP and ICMP only). */
    boolean natSupported() {
        return protocol == TCP || protocol == UDP || protocol == ICMP;
    }

    public static String protocolName(int protocol) {
        return switch (protocol) {
            case TCP -> "tcp";
            case UDP -> "udp";
            case SCTP -> "sctp";
            case ICMP -> "icmp";
            default -> "proto " + protocol;
        };
    }

    /** "tcp 10.1.0.10:40000 -> 10.96.0.1:443". */
    public String flow() {
        return protocolName(protocol) + " " + endpoint(srcIp, srcPort) + " -> " + endpoint(dstIp, dstPort);
    }

    private String endpoint(String ip, int port) {
        return port == 0 ? ip : ip + ":" + port;
    }
}

package org.midonet.kube.trace;

import org.midonet.kube.common.Ipv4;

/** An IPv4 prefix; a null address (unset in MidoNet) is represented by the caller, not here. */
record Prefix(long network, int length) {

    static Prefix of(String address, int length) {
        return new Prefix(Ipv4.parse(address) & mask(length), length);
    }

    static Prefix host(String address) {
        return of(address, 32);
    }

    static Prefix parse(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? host(cidr) : of(cidr.substring(0, slash), Integer.parseInt(cidr.substring(slash + 1)));
    }

    boolean contains(String address) {
        return (Ipv4.parse(address) & mask(length)) == network;
    }

    private static long mask(int length) {
        return length == 0 ? 0 : (0xFFFFFFFFL << (32 - length)) & 0xFFFFFFFFL;
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + length;
    }
}

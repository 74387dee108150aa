package org.midonet.kube.sim;

/** How the emulator authenticates clients. */
public enum AuthMode {
    /**
     * Like MidoNet's default MockAuthService: any well-formed Basic credentials log in and requests need no
     * token. When a token lifetime is set (fault injection), tokens are checked and expire.
     */
    MOCK,
    /** Only the configured user name and password log in, and every request needs a valid token. */
    BASIC
}

package org.midonet.kube.midonet.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach a MidoNet API. The password never appears in {@link #toString()}.
 *
 * @param baseUri the API root, e.g. http://localhost:8181/midonet-api
 * @param project sent as X-Auth-Project at login; null or empty for none
 * @param caFile a PEM file of CA certificates to trust for https, or null for the JDK's
 * @param insecureSkipTlsVerify trust any certificate and host name (labs only)
 * @param passwordFile a file (a mounted Secret) read again at every login, so that a corrected or rotated
 *     password is used without a restart; null to use {@code password} only
 */
public record MidonetClientConfig(URI baseUri, String username, String password, String project,
        Duration connectTimeout, Duration readTimeout, Path caFile, boolean insecureSkipTlsVerify, Path passwordFile) {

    public static final String DEFAULT_API = "https://localhost:8181/midonet-api";

    public MidonetClientConfig {
        String uri = baseUri.toString();
        if (uri.endsWith("/")) {
            baseUri = URI.create(uri.substring(0, uri.length() - 1));
        }
        if (!"http".equals(baseUri.getScheme()) && !"https".equals(baseUri.getScheme())) {
            throw new IllegalArgumentException("the MidoNet API URL must be http or https: " + baseUri);
        }
    }

    /** A configuration with the original's defaults: user admin, no project, 10 s timeouts. */
    public static MidonetClientConfig of(URI baseUri) {
        return new MidonetClientConfig(baseUri, "admin", "", null, Duration.ofSeconds(10), Duration.ofSeconds(30), null, false,
                null);
    }

    public MidonetClientConfig withCredentials(String username, String password, String project) {
        return new MidonetClientConfig(baseUri, username, password, project, connectTimeout, readTimeout, caFile,
                insecureSkipTlsVerify, passwordFile);
    }

    /** The password read from this file at every login; {@code password} stays the one used when it cannot be read. */
    public MidonetClientConfig withPasswordFile(Path file) {
        return new MidonetClientConfig(baseUri, username, password, project, connectTimeout, readTimeout, caFile,
                insecureSkipTlsVerify, file);
    }

    public MidonetClientConfig withTimeouts(Duration connect, Duration read) {
        return new MidonetClientConfig(baseUri, username, password, project, connect, read, caFile, insecureSkipTlsVerify,
                passwordFile);
    }

    public MidonetClientConfig withTls(Path caFile, boolean insecureSkipTlsVerify) {
        return new MidonetClientConfig(baseUri, username, password, project, connectTimeout, readTimeout, caFile,
                insecureSkipTlsVerify, passwordFile);
    }

    /**
     * The password to log in with now: the password file's content (its trailing newline ignored) when there is
     * one, else {@code password}; IOException when the file cannot be read.
     */
    public String loginPassword() throws IOException {
        return passwordFile == null ? password : Files.readString(passwordFile).strip();
    }

    @Override
    public String toString() {
        return "MidonetClientConfig[baseUri=" + baseUri + ", username=" + username + ", password=<hidden>, project="
                + project + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", caFile=" + caFile
                + ", insecureSkipTlsVerify=" + insecureSkipTlsVerify + ", passwordFile=" + passwordFile + "]";
    }
}

package org.midonet.kube.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.midonet.kube.midonet.client.MidonetClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * How to reach MidoNet, shared by the commands that talk to it. Defaults come from the original's
 * environment variables (MIDONETKUBE_MIDONET_API, _USERNAME, _PASSWORD, _PROJECT).
 */
final class MidonetOptions {
    private static final Logger LOG = LoggerFactory.getLogger(MidonetOptions.class);
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    @Option(names = {"--midonet-api", "--api"}, paramLabel = "URL",
            defaultValue = "${env:MIDONETKUBE_MIDONET_API:-" + MidonetClientConfig.DEFAULT_API + "}",
            description = "The MidoNet API root. Default: $MIDONETKUBE_MIDONET_API or ${DEFAULT-VALUE}.")
    URI api;

    @Option(names = "--midonet-username", paramLabel = "NAME", defaultValue = "${env:MIDONETKUBE_MIDONET_USERNAME:-admin}",
            description = "Default: $MIDONETKUBE_MIDONET_USERNAME or admin.")
    String username;

    @Option(names = "--midonet-password", paramLabel = "PASSWORD", defaultValue = "${env:MIDONETKUBE_MIDONET_PASSWORD}",
            description = "Default: $MIDONETKUBE_MIDONET_PASSWORD. MidoNet refuses an empty password.")
    String password;

    @Option(names = "--midonet-password-file", paramLabel = "FILE",
            description = "Read the password from a file (a mounted Secret), again at every login: a corrected or"
                    + " rotated Secret is used without a restart. Its trailing newline is ignored.")
    Path passwordFile;

    @Option(names = "--midonet-project", paramLabel = "PROJECT", defaultValue = "${env:MIDONETKUBE_MIDONET_PROJECT}",
            description = "Sent as X-Auth-Project at login. Default: $MIDONETKUBE_MIDONET_PROJECT.")
    String project;

    @Option(names = "--midonet-ca-file", paramLabel = "FILE", description = "PEM CA certificates to trust for https.")
    Path caFile;

    @Option(names = "--insecure-skip-tls-verify", description = "Trust any certificate of the MidoNet API (labs only).")
    boolean insecure;

    @Option(names = "--midonet-insecure-http",
            description = "Do not warn that an http:// MidoNet API gets the password in clear (labs only).")
    boolean insecureHttp;

    /** The warning a plain-http API deserves: the login sends the password in clear; none for loopback. */
    Optional<String> insecureHttpWarning() {
        if (insecureHttp || api == null || !"http".equalsIgnoreCase(api.getScheme())
                || (api.getHost() != null && LOOPBACK.contains(api.getHost().toLowerCase(Locale.ROOT)))) {
            return Optional.empty();
        }
        return Optional.of("the MidoNet API " + api.getScheme() + "://" + api.getAuthority() + " is plain http: the"
                + " password and the tokens cross the network in clear; use https (--midonet-ca-file for a private CA),"
                + " or --midonet-insecure-http to silence this warning");
    }

    MidonetClientConfig config() {
        insecureHttpWarning().ifPresent(LOG::warn);
        String secret = password == null ? "" : password;
        if (passwordFile != null) {
            try {
                secret = Files.readString(passwordFile).strip();
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("--midonet-password-file: no such file: " + passwordFile);
            } catch (IOException e) {
                throw new IllegalArgumentException("--midonet-password-file: cannot read " + passwordFile + ": "
                        + e.getMessage());
            }
        }
        return MidonetClientConfig.of(api).withCredentials(username, secret, project).withPasswordFile(passwordFile)
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30)).withTls(caFile, insecure);
    }
}

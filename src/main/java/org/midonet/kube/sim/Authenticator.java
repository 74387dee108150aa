package org.midonet.kube.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * MidoNet's login filter and token filter (reference §2): {@code /login} with Basic credentials gives a token,
 * and later requests carry it in X-Auth-Token. Tokens expire after the fault settings' token lifetime, read at
 * the time of each check, so a lifetime set at run time applies to tokens already given out.
 */
final class Authenticator {
    private static final String BASIC_PREFIX = "Basic ";

    private final AuthMode mode;
    private final String username;
    private final String password;
    private final Faults faults;
    private final LongSupplier clock;
    private final Random random = new Random();
    private final Map<String, Long> issued = new ConcurrentHashMap<>();

    Authenticator(AuthMode mode, String username, String password, Faults faults, LongSupplier clock) {
        this.mode = mode;
        this.username = username;
        this.password = password;
        this.faults = faults;
        this.clock = clock;
    }

    /** Answers POST (or any method on) /login. */
    Reply login(Request request) {
        String authorization = request.header("Authorization");
        if (authorization == null || authorization.isEmpty()) {
            throw ApiException.unauthorized("Authorization header is not set.", true);
        }
        if (!authorization.toLowerCase(Locale.ROOT).startsWith(BASIC_PREFIX.toLowerCase(Locale.ROOT))) {
            throw ApiException.unauthorized("Authorization header does not contain Basic.", true);
        }
        String credentials;
        try {
            credentials = new String(Base64.getDecoder().decode(authorization.substring(BASIC_PREFIX.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            credentials = "";
        }
        // As the real filter: String.split drops trailing empty parts, so "user:" (an empty password) fails too.
        String[] parts = credentials.split(":");
        if (parts.length != 2) {
            throw ApiException.unauthorized("Authorization header is not valid", true);
        }
        if (mode == AuthMode.BASIC && !(parts[0].equals(username) && parts[1].equals(password))) {
            throw ApiException.unauthorized("Authentication failed: wrong user name or password.", true);
        }
        String token = newToken();
        long now = clock.getAsLong();
        issued.put(token, now);
        long ttl = faults.tokenTtlSeconds();
        String expires = ttl > 0 ? format(now + ttl * 1000) : null;
        ObjectNode body = Json.object();
        body.put("key", token);
        body.put("expires", expires);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", MediaTypes.TOKEN + ";charset=UTF-8");
        headers.put("Set-Cookie", "sessionId=" + token + (expires == null ? "" : "; Expires=" + expires));
        return new Reply(200, headers, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    /** Checks the X-Auth-Token of a request other than login; throws 401 when it is refused. */
    void check(Request request) {
        long ttl = faults.tokenTtlSeconds();
        if (mode == AuthMode.MOCK && ttl <= 0) {
            return;
        }
        String token = request.header("X-Auth-Token");
        if (token == null || token.isBlank()) {
            throw ApiException.unauthorized("No token was passed in.", false);
        }
        Long issuedAt = issued.get(token);
        if (issuedAt == null || (ttl > 0 && clock.getAsLong() >= issuedAt + ttl * 1000)) {
            throw ApiException.unauthorized("Authentication error", true);
        }
    }

    private synchronized String newToken() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The token expiry format of MidoNet's code: numeric month, UTC. */
    static String format(long millis) {
        SimpleDateFormat format = new SimpleDateFormat("EEE, dd-MM-yyyy HH:mm:ss z", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        return format.format(new Date(millis));
    }
}

package org.midonet.kube.cli;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Locale;
import java.util.regex.Pattern;
import org.midonet.kube.common.OneLine;

/**
 * The message of a log line as logback.xml prints it ({@code %safemsg}): credentials redacted, control characters
 * escaped and the whole cut at {@value #LIMIT} characters, so that every event is one line of bounded length
 * whatever it quotes (a newline in an annotation cannot forge a log line) and no level, trace included, prints a
 * token or a password.
 *
 * <p>Redacted: the values of Authorization, Proxy-Authorization, X-Auth-Token (MidoNet's token), Cookie and
 * Set-Cookie headers as libraries log them at trace ("Authorization: Bearer ..."), any "Bearer ..." or "Basic ..."
 * credential, JSON Web Tokens (a service account's token) wherever they appear, and the values of JSON fields named
 * password or *token. The stack trace of an exception follows through {@link SafeThrowableConverter}.
 */
public final class SafeMessageConverter extends ClassicConverter {
    /** The longest message printed, in characters; longer ones are cut and say how long they were. */
    public static final int LIMIT = 4096;
    static final String REDACTED = "[redacted]";

    private static final Pattern HEADER = Pattern.compile(
            "(?i)\\b(authorization|proxy-authorization|x-auth-token|cookie|set-cookie)(\"?\\s*[:=]\\s*\\[?\"?)"
                    + "[^\\r\\n,;\"\\]}]+");
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
    private static final Pattern JSON_SECRET = Pattern.compile(
            "(?i)(\"(?:password|passwd|secret|[a-z_]*token)\"\\s*:\\s*\")[^\"]*\"");
    private static final String[] TRIGGERS = {"auth", "bearer", "basic", "token", "cookie", "pass", "secret", "eyj"};

    @Override
    public String convert(ILoggingEvent event) {
        return sanitize(event.getFormattedMessage());
    }

    /** The message redacted, escaped and cut. */
    public static String sanitize(String message) {
        if (message == null) {
            return "null";
        }
        return cut(escape(redact(message)));
    }

    static String redact(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        boolean suspect = false;
        for (String trigger : TRIGGERS) {
            if (lower.contains(trigger)) {
                suspect = true;
                break;
            }
        }
        if (!suspect) {
            return message;
        }
        String text = HEADER.matcher(message).replaceAll("$1$2" + REDACTED);
        text = SCHEME.matcher(text).replaceAll("$1 " + REDACTED);
        text = JWT.matcher(text).replaceAll(REDACTED);
        return JSON_SECRET.matcher(text).replaceAll("$1" + REDACTED + "\"");
    }

    static String escape(String message) {
        return OneLine.escape(message);
    }

    static String cut(String message) {
        if (message.length() <= LIMIT) {
            return message;
        }
        int end = LIMIT;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--;
        }
        return message.substring(0, end) + "... [cut: " + message.length() + " characters]";
    }
}

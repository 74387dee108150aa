package org.midonet.kube.cli;

import static org.slf4j.Logger.ROOT_LOGGER_NAME;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The log level: logback's root logger (src/main/resources/logback.xml). One-shot commands log warnings only,
 * unless -Dmidonetkube.log.level says otherwise; long-running commands set theirs from --log-level.
 */
final class Logging {
    /** The root level logback.xml starts with. */
    static final String LEVEL_PROPERTY = "midonetkube.log.level";
    private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    private Logging() {
    }

    /**
     * The level of a one-shot command: warn unless set on the command line of the JVM. Only sets the property
     * logback reads when it starts, so that a command that logs nothing (the CNI plugin) does not start it.
     */
    static void oneShotDefault() {
        if (System.getProperty(LEVEL_PROPERTY) == null) {
            System.setProperty(LEVEL_PROPERTY, "warn");
        }
    }

    /** The level of a long-running command, from now on. */
    static void level(String level) {
        String lower = level.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(lower)) {
            throw new IllegalArgumentException("unknown log level '" + level + "' (error, warn, info, debug or trace)");
        }
        if (LoggerFactory.getLogger(ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.toLevel(lower));
        }
    }
}

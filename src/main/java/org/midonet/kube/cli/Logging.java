package org.midonet.kube.cli;

import java.util.Locale;
import java.util.Set;

/** The log level of a long-running command, set before the first logger is made (slf4j-simple reads it once). */
final class Logging {
    private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    private Logging() {
    }

    static void level(String level) {
        String lower = level.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(lower)) {
            throw new IllegalArgumentException("unknown log level '" + level + "' (error, warn, info, debug or trace)");
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", lower);
    }
}

package org.midonet.kube.bench;

import java.io.PrintWriter;
import java.util.Locale;

/** Progress lines on standard error, stamped with the time since the benchmark started. */
final class Progress {
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private final String prefix;

    Progress(PrintWriter err, String prefix) {
        this.err = err;
        this.prefix = prefix;
    }

    /** A line "[prefix +12.3 s] message". */
    void line(String format, Object... args) {
        err.printf(Locale.ROOT, "[%s +%.1f s] %s%n", prefix, (System.nanoTime() - start) / 1e9,
                String.format(Locale.ROOT, format, args));
        err.flush();
    }
}

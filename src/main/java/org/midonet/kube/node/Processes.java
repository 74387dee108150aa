package org.midonet.kube.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program with its arguments as an array, never through a shell, so that no argument is ever
 * interpreted: what a container runtime or the API hands us cannot inject a command.
 */
public final class Processes {
    private Processes() {
    }

    /** What a finished program printed and returned. */
    public record Outcome(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public static Outcome run(List<String> argv, Duration timeout) throws IOException {
        return run(argv, null, null, timeout);
    }

    /**
     * Runs argv with stdin as its standard input (none when null) and environment (the inherited one when
     * null), waiting at most timeout; a program that takes longer is killed and reported as an IOException.
     */
    public static Outcome run(List<String> argv, byte[] stdin, Map<String, String> environment, Duration timeout)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (environment != null) {
            builder.environment().clear();
            builder.environment().putAll(environment);
        }
        Process process = builder.start();
        StreamReader out = new StreamReader(process.getInputStream(), "process-stdout");
        StreamReader err = new StreamReader(process.getErrorStream(), "process-stderr");
        out.start();
        err.start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        } catch (IOException e) {
            // the program exited without reading its input; its exit code tells what happened
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(argv.get(0) + " did not finish within " + timeout.toMillis() + " ms");
            }
            out.join(timeout.toMillis());
            err.join(timeout.toMillis());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv.get(0), e);
        }
        return new Outcome(process.exitValue(), out.text(), err.text());
    }

    /** Reads a stream to its end on its own thread: a full pipe cannot block the program, nor a hung one us. */
    private static final class StreamReader extends Thread {
        private final InputStream stream;
        private volatile String text = "";

        StreamReader(InputStream stream, String name) {
            super(name);
            setDaemon(true);
            this.stream = stream;
        }

        @Override
        public void run() {
            try {
                text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "(unreadable: " + e.getMessage() + ")";
            }
        }

        String text() {
            return text;
        }
    }
}

package org.midonet.kube.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Through logback.xml as shipped: an exception's message can neither forge a log line nor leak a token. */
class SafeThrowableConverterTest {
    private static final String TOKEN = "abc.def";

    @Test
    void exceptionMessagesAreEscapedAndRedactedAndTheFramesStayOnePerLine() {
        IllegalStateException thrown = new IllegalStateException("rejected\n2026-01-01T00:00:00.000+0000 [main] INFO forged"
                + " - Authorization: Bearer " + TOKEN, new IOException("sent bearer " + TOKEN + "\r\nagain"));
        thrown.addSuppressed(new IllegalArgumentException("line one\nline two"));

        List<String> lines = logged(thrown).lines().toList();

        assertThat(lines.get(0)).endsWith("- could not push");
        assertThat(lines.get(1)).isEqualTo("java.lang.IllegalStateException: rejected\\n2026-01-01T00:00:00.000+0000 [main] "
                + "INFO forged - Authorization: [redacted]");
        assertThat(lines).contains("Caused by: java.io.IOException: sent bearer [redacted]\\r\\nagain",
                "\tSuppressed: java.lang.IllegalArgumentException: line one\\nline two");
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> assertThat(line)
                .matches("(java\\.|Caused by: |\\tat |\\t\\.\\.\\. |\\tSuppressed: |\\t\\tat |\\t\\t\\.\\.\\. ).*"));
        assertThat(lines).anyMatch(line -> line.startsWith("\tat " + SafeThrowableConverterTest.class.getName() + "."));
        assertThat(String.join("\n", lines)).doesNotContain(TOKEN);
    }

    @Test
    void aLogLineWithoutAnExceptionHasNoStackTrace() {
        assertThat(logged(null).lines()).hasSize(1);
    }

    private static String logged(Throwable thrown) {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            LoggerFactory.getLogger(SafeThrowableConverterTest.class).error("could not push", thrown);
        } finally {
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}

package org.midonet.kube.cli;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * The stack trace of a log line as logback.xml prints it ({@code %safeex}): logback's usual one frame per line, but
 * the message of each exception, cause and suppressed exception goes through {@link SafeMessageConverter#sanitize}
 * (credentials redacted, control characters escaped, cut), so that an exception quoting a request or an input can
 * neither leak a token nor forge a log line.
 */
public final class SafeThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return super.throwableProxyToString(new Sanitized(throwable));
    }

    /** The exception as logback saw it, with its message, and those of its causes and suppressed ones, made safe. */
    private record Sanitized(IThrowableProxy original) implements IThrowableProxy {

        @Override
        public String getOverridingMessage() {
            String message = original.getOverridingMessage();
            return message == null ? null : SafeMessageConverter.sanitize(message);
        }

        @Override
        public String getMessage() {
            String message = original.getMessage();
            return message == null ? null : SafeMessageConverter.sanitize(message);
        }

        @Override
        public String getClassName() {
            return original.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return original.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return original.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return original.getCause() == null ? null : new Sanitized(original.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = original.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] sanitized = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                sanitized[i] = new Sanitized(suppressed[i]);
            }
            return sanitized;
        }

        @Override
        public boolean isCyclic() {
            return original.isCyclic();
        }
    }
}

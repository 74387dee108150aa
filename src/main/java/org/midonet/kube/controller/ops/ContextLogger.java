package org.midonet.kube.controller.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An slf4j logger that starts each message with the object of the current {@link LogContext}, e.g.
 * {@code 2026-07-01T10:00:00.000Z [node-annotator] INFO org.midonet.kube.controller.annotator.NodeAnnotator - worker-1: annotated ...}.
 * Arguments and a trailing exception work as with slf4j.
 */
public final class ContextLogger {
    private final Logger logger;

    private ContextLogger(Logger logger) {
        this.logger = logger;
    }

    public static ContextLogger of(Class<?> type) {
        return new ContextLogger(LoggerFactory.getLogger(type));
    }

    /** The underlying logger, e.g. for isDebugEnabled(). */
    public Logger logger() {
        return logger;
    }

    public void debug(String format, Object... arguments) {
        if (logger.isDebugEnabled()) {
            logger.debug(prefixed(format), arguments);
        }
    }

    public void info(String format, Object... arguments) {
        if (logger.isInfoEnabled()) {
            logger.info(prefixed(format), arguments);
        }
    }

    public void warn(String format, Object... arguments) {
        if (logger.isWarnEnabled()) {
            logger.warn(prefixed(format), arguments);
        }
    }

    public void error(String format, Object... arguments) {
        if (logger.isErrorEnabled()) {
            logger.error(prefixed(format), arguments);
        }
    }

    /** The format with the current object in front; braces in object names cannot occur (Kubernetes names are DNS names). */
    static String prefixed(String format) {
        String object = LogContext.current();
        return object.isEmpty() ? format : object + ": " + format;
    }
}

package org.midonet.kube.controller.pusher;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.midonet.kube.common.Backoff;
import org.midonet.kube.midonet.client.MidonetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reads of one resync, each retried with the call backoff while MidoNet fails in passing (no answer, 5xx).
 * A read that still fails after the last attempt throws: what it was to show is then unknown for this resync,
 * neither missing (which would recreate it) nor stray (which would delete it), and the next resync reads it again.
 * Counts the retries and the reads given up, in the resync's report and in the pusher's metrics. Thread-safe.
 */
final class ResyncReads {
    private static final Logger LOG = LoggerFactory.getLogger(ResyncReads.class);

    private final Backoff backoff;
    private final PusherMetrics metrics;
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger givenUp = new AtomicInteger();

    ResyncReads(Backoff backoff, PusherMetrics metrics) {
        this.backoff = backoff;
        this.metrics = metrics;
    }

    /** The read's answer, after as many attempts as the backoff allows; the last failure when none succeeded. */
    <T> T read(String what, Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (MidonetException e) {
                boolean inPassing = e.status() == 0 || e.status() >= 500;
                if (!inPassing || attempt >= backoff.maxAttempts()) {
                    givenUp.incrementAndGet();
                    metrics.resyncReadGivenUp();
                    LOG.warn("cannot read {} after {} attempt(s): {}; it is read again at the next resync", what, attempt,
                            e.getMessage());
                    throw e;
                }
                retries.incrementAndGet();
                metrics.resyncReadRetried();
                LOG.debug("reading {} failed ({}); retrying", what, e.getMessage());
                backoff.pause(attempt);
            }
        }
    }

    int retries() {
        return retries.get();
    }

    int givenUp() {
        return givenUp.get();
    }
}

package org.midonet.kube.controller;

import java.time.Duration;

/**
 * How the {@link TranslationController} works.
 *
 * @param endpoints where Service endpoints are read from (AUTO: EndpointSlices when the API server serves them)
 * @param batchWindow how long changes arriving after a first one are waited for, to be translated together
 * @param maxBatchSize the most objects translated together (after the first batch, which has them all)
 * @param retryBase the first wait before a Translation whose write failed is written again; doubled on every
 *     further failure up to {@code retryCap}
 * @param retryCap the longest wait between two attempts
 * @param stopTimeout how long {@link TranslationController#stop()} waits for the queue to drain
 */
public record TranslationControllerOptions(EndpointsSource endpoints, Duration batchWindow, int maxBatchSize,
        Duration retryBase, Duration retryCap, Duration stopTimeout) {

    public TranslationControllerOptions {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
        }
        if (batchWindow.isNegative() || retryBase.isNegative() || retryCap.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("need batchWindow >= 0 and 0 <= retryBase <= retryCap");
        }
    }

    /** EndpointSlices if served, batches of up to 500 objects within 30 ms, retries from 0.5 s to 30 s. */
    public static TranslationControllerOptions defaults() {
        return new TranslationControllerOptions(EndpointsSource.AUTO, Duration.ofMillis(30), 500, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    public TranslationControllerOptions withEndpoints(EndpointsSource endpoints) {
        return new TranslationControllerOptions(endpoints, batchWindow, maxBatchSize, retryBase, retryCap, stopTimeout);
    }

    public TranslationControllerOptions withBatching(Duration window, int maxSize) {
        return new TranslationControllerOptions(endpoints, window, maxSize, retryBase, retryCap, stopTimeout);
    }

    public TranslationControllerOptions withRetry(Duration base, Duration cap) {
        return new TranslationControllerOptions(endpoints, batchWindow, maxBatchSize, base, cap, stopTimeout);
    }
}

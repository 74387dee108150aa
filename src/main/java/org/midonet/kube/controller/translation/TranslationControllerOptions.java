package org.midonet.kube.controller.translation;

import java.time.Duration;
import org.midonet.kube.common.Cidr;

/**
 * How the {@link TranslationController} works.
 *
 * @param endpoints where Service endpoints are read from (AUTO: EndpointSlices when the API server serves them)
 * @param batchQuiet how long without a further change ends a batch early: a lone change waits this long
 * @param batchWindow how long at most changes arriving after a first one are waited for, to be translated together
 * @param maxBatchSize the most objects translated together (after the first batch, which has them all)
 * @param retryBase the first wait before a Translation whose write failed is written again; doubled on every
 *     further failure up to {@code retryCap}
 * @param retryCap the longest wait between two attempts
 * @param stopTimeout how long {@link TranslationController#stop()} waits for the queue to drain
 * @param clusterCidr the network of all pod CIDRs (a Node's outside it is a conflict), or null: none
 */
public record TranslationControllerOptions(EndpointsSource endpoints, Duration batchQuiet, Duration batchWindow, int maxBatchSize,
        Duration retryBase, Duration retryCap, Duration stopTimeout, Cidr clusterCidr) {

    public TranslationControllerOptions {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
        }
        if (batchQuiet.isNegative() || batchWindow.isNegative() || retryBase.isNegative() || retryCap.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("need batchQuiet >= 0, batchWindow >= 0 and 0 <= retryBase <= retryCap");
        }
    }

    /**
     * EndpointSlices if served; batches of up to 500 objects, ended by 5 ms without a change or after 30 ms;
     * retries from 0.5 s to 30 s.
     */
    public static TranslationControllerOptions defaults() {
        return new TranslationControllerOptions(EndpointsSource.AUTO, Duration.ofMillis(5), Duration.ofMillis(30), 500,
                Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(30), null);
    }

    public TranslationControllerOptions withEndpoints(EndpointsSource endpoints) {
        return new TranslationControllerOptions(endpoints, batchQuiet, batchWindow, maxBatchSize, retryBase, retryCap,
                stopTimeout, clusterCidr);
    }

    /** Batches gathered for the whole window (no quiet period) of up to maxSize objects. */
    public TranslationControllerOptions withBatching(Duration window, int maxSize) {
        return new TranslationControllerOptions(endpoints, window, window, maxSize, retryBase, retryCap, stopTimeout,
                clusterCidr);
    }

    public TranslationControllerOptions withRetry(Duration base, Duration cap) {
        return new TranslationControllerOptions(endpoints, batchQuiet, batchWindow, maxBatchSize, base, cap, stopTimeout,
                clusterCidr);
    }

    public TranslationControllerOptions withClusterCidr(Cidr cidr) {
        return new TranslationControllerOptions(endpoints, batchQuiet, batchWindow, maxBatchSize, retryBase, retryCap,
                stopTimeout, cidr);
    }
}

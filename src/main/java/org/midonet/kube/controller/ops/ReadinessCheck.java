package org.midonet.kube.controller.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the process is ready to do its work, as /readyz reports it. A check must be cheap and must not block:
 * it reads state that the components keep (informers synced, MidoNet reached), it does not call out.
 */
@FunctionalInterface
public interface ReadinessCheck {

    Status check();

    /** Ready, or not ready and why. */
    record Status(boolean ready, String reason) {
        private static final Status READY = new Status(true, "ok");

        public static Status ok() {
            return READY;
        }

        public static Status notReady(String reason) {
            return new Status(false, reason);
        }
    }

    /** Always ready. */
    static ReadinessCheck alwaysReady() {
        return Status::ok;
    }

    /**
     * Ready when every named check is; otherwise the reasons of those that are not, as "name: reason; ...". A check
     * that throws counts as not ready.
     */
    static ReadinessCheck all(Map<String, ReadinessCheck> checks) {
        Map<String, ReadinessCheck> copy = new LinkedHashMap<>(checks);
        return () -> {
            List<String> failing = new ArrayList<>();
            copy.forEach((name, check) -> {
                Status status;
                try {
                    status = check.check();
                } catch (RuntimeException e) {
                    status = Status.notReady("check failed: " + e);
                }
                if (!status.ready()) {
                    failing.add(name + ": " + status.reason());
                }
            });
            return failing.isEmpty() ? Status.ok() : Status.notReady(String.join("; ", failing));
        };
    }
}

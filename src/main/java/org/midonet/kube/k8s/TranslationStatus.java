package org.midonet.kube.k8s;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the pusher last made MidoNet hold for a Translation. With the applied content recorded, a restart
 * with nothing changed makes no MidoNet call, and a Translation changed while the controller was down is
 * taken from exactly what was applied to what is desired.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TranslationStatus {
    /** The Pushed condition: True once MidoNet holds the resources, False with the reason otherwise. */
    public static final String PUSHED = "Pushed";

    private String appliedHash;
    private List<BackendResource> appliedResources = new ArrayList<>();
    private List<Condition> conditions = new ArrayList<>();

    public String getAppliedHash() {
        return appliedHash;
    }

    public void setAppliedHash(String appliedHash) {
        this.appliedHash = appliedHash;
    }

    public List<BackendResource> getAppliedResources() {
        return appliedResources;
    }

    public void setAppliedResources(List<BackendResource> appliedResources) {
        this.appliedResources = appliedResources;
    }

    /** How many MidoNet objects were last applied; shown by `kubectl get tr`. */
    public int getResourceCount() {
        return appliedResources == null ? 0 : appliedResources.size();
    }

    public void setResourceCount(int ignored) {
        // derived from appliedResources; accepted so that a status read back parses
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}

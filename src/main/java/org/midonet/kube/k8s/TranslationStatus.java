package org.midonet.kube.k8s;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the pusher last made MidoNet hold for a Translation: the hash of that content, and the objects it named
 * ({@code Kind/key}, see {@link org.midonet.kube.midonet.model.MidonetRef}). A restart with nothing changed makes no
 * MidoNet call (the hash is the content's); a Translation changed while no pusher watched is applied over
 * what MidoNet holds, and the objects named here that it no longer holds are deleted. The content itself is
 * not repeated: it would double every Translation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TranslationStatus {
    /** The Pushed condition: True once MidoNet holds the resources, False with the reason otherwise. */
    public static final String PUSHED = "Pushed";

    private String appliedHash;
    private List<String> appliedObjects;
    /** How many objects were applied when there were too many to name in appliedObjects (null otherwise). */
    private Integer omittedObjects;
    /** Written by versions before appliedObjects (the content itself); still read, never written. */
    private List<BackendResource> appliedResources;
    private List<Condition> conditions = new ArrayList<>();

    public String getAppliedHash() {
        return appliedHash;
    }

    public void setAppliedHash(String appliedHash) {
        this.appliedHash = appliedHash;
    }

    public List<String> getAppliedObjects() {
        return appliedObjects;
    }

    public void setAppliedObjects(List<String> appliedObjects) {
        this.appliedObjects = appliedObjects;
    }

    public Integer getOmittedObjects() {
        return omittedObjects;
    }

    public void setOmittedObjects(Integer omittedObjects) {
        this.omittedObjects = omittedObjects;
    }

    public List<BackendResource> getAppliedResources() {
        return appliedResources;
    }

    public void setAppliedResources(List<BackendResource> appliedResources) {
        this.appliedResources = appliedResources;
    }

    /** How many MidoNet objects were last applied; shown by `kubectl get tr`. */
    public int getResourceCount() {
        if (appliedObjects != null) {
            return appliedObjects.size();
        }
        if (omittedObjects != null) {
            return omittedObjects;
        }
        return appliedResources == null ? 0 : appliedResources.size();
    }

    public void setResourceCount(int ignored) {
        // derived from appliedObjects; accepted so that a status read back parses
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}

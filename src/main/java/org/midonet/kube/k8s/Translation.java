package org.midonet.kube.k8s;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * The Translation custom resource (midonet.org/v1, short name tr): the MidoNet objects derived for one
 * Kubernetes owner. Like the original's, it keeps its resources at the top level, not under a spec.
 */
@Group("midonet.org")
@Version("v1")
@Kind("Translation")
@Singular("translation")
@Plural("translations")
@ShortNames("tr")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "resources", "status"})
public class Translation extends CustomResource<Void, TranslationStatus> implements Namespaced {
    public static final String OWNER_UID_LABEL = "midonet.org/owner-uid";
    public static final String GLOBAL_LABEL = "midonet.org/global";
    public static final String FINALIZER = "midonet.org/deleter";
    /**
     * Set to "true" by an operator on a Translation the controllers did not derive, to keep it rather than have
     * it deleted; it is not pushed to MidoNet either way.
     */
    public static final String KEEP_NOT_DERIVED_ANNOTATION = "midonet.org/keep-not-derived";
    /**
     * When the Kubernetes change that gave the Translation its content reached the controller (an ISO-8601
     * instant): the start of the network programming latency the pusher measures.
     */
    public static final String CHANGED_AT_ANNOTATION = "midonet.org/changed-at";
    /** Which rules derived the Translation's content, and from which Kubernetes objects. */
    public static final String EXPLANATION_ANNOTATION = "midonet.org/explanation";

    private List<BackendResource> resources = new ArrayList<>();

    public List<BackendResource> getResources() {
        return resources;
    }

    public void setResources(List<BackendResource> resources) {
        this.resources = resources;
    }
}

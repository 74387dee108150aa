package org.midonet.kube.k8s;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import org.midonet.kube.midonet.model.MidonetJson;
import org.midonet.kube.midonet.model.MidonetResource;
import org.midonet.kube.midonet.model.ResourceCodec;

/**
 * One MidoNet object in a Translation, as the original recorded it: its kind, its parent's id ("" for
 * top-level objects) and its REST body as a JSON string. In a Translation stored in parts
 * ({@link TranslationParts}) an object too large for one part is stored as consecutive entries whose bodies
 * join; all but the last are marked {@code continued}.
 */
@JsonPropertyOrder({"kind", "parent", "body", "continued"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackendResource {
    private String kind;
    private String parent;
    private String body;
    private Boolean continued;

    public BackendResource() {
    }

    public BackendResource(String kind, String parent, String body) {
        this.kind = kind;
        this.parent = parent;
        this.body = body;
    }

    public static BackendResource of(MidonetResource resource) {
        return new BackendResource(resource.kind().translationName(),
                resource.parent() == null ? "" : resource.parent().toString(), MidonetJson.body(resource));
    }

    /** The MidoNet resource this entry records; IllegalArgumentException when the entry is malformed. */
    public MidonetResource toResource() {
        return ResourceCodec.decode(kind, parent, body);
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getParent() {
        return parent;
    }

    public void setParent(String parent) {
        this.parent = parent;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }

    /** True on a piece of an object's body that the next entry continues; null otherwise. */
    public Boolean getContinued() {
        return continued;
    }

    public void setContinued(Boolean continued) {
        this.continued = Boolean.TRUE.equals(continued) ? Boolean.TRUE : null;
    }

    public boolean continues() {
        return continued != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackendResource r && kind.equals(r.kind) && parent.equals(r.parent) && body.equals(r.body)
                && Objects.equals(continued, r.continued);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, parent, body, continued);
    }

    @Override
    public String toString() {
        return kind + "(" + parent + ") " + body;
    }
}

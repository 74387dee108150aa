package org.midonet.kube.facts;

import java.util.Locale;

/**
 * Why an object, or part of it, was not translated. An ERROR means the object is malformed and yields
 * nothing; a CONFLICT that it is well formed but clashes with an older object, or with the cluster, and yields
 * nothing while the conflict lasts; a NOTICE means it is fine but not (yet) something we translate.
 */
public record Problem(Severity severity, ObjectRef object, String field, String message) {

    public enum Severity { ERROR, CONFLICT, NOTICE }

    public static Problem error(ObjectRef object, String field, String message) {
        return new Problem(Severity.ERROR, object, field, message);
    }

    public static Problem conflict(ObjectRef object, String field, String message) {
        return new Problem(Severity.CONFLICT, object, field, message);
    }

    public static Problem notice(ObjectRef object, String field, String message) {
        return new Problem(Severity.NOTICE, object, field, message);
    }

    @Override
    public String toString() {
        String where = field == null || field.isEmpty() ? "" : " " + field;
        return severity.name().toLowerCase(Locale.ROOT) + ": " + object + where + ": " + message;
    }
}

package org.midonet.kube.sim;

import java.util.List;
import java.util.Map;

/**
 * An error answer of the emulated API. Most are Error JSON ({@code {message, code[, violations]}}); a few
 * MidoNet quirks answer with an empty body or with a plain-text body instead.
 */
final class ApiException extends RuntimeException {
    enum BodyStyle { ERROR_JSON, EMPTY, PLAIN_TEXT }

    private final int status;
    private final List<Violation> violations;
    private final BodyStyle bodyStyle;
    private final Map<String, String> headers;

    ApiException(int status, String message, List<Violation> violations, BodyStyle bodyStyle, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.violations = List.copyOf(violations);
        this.bodyStyle = bodyStyle;
        this.headers = Map.copyOf(headers);
    }

    private static ApiException of(int status, String message) {
        return new ApiException(status, message, List.of(), BodyStyle.ERROR_JSON, Map.of());
    }

    int status() {
        return status;
    }

    List<Violation> violations() {
        return violations;
    }

    BodyStyle bodyStyle() {
        return bodyStyle;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** 404 {@code There is no <ProtoClass> with ID <id>.}, the storage layer's message. */
    static ApiException noSuch(String protoClass, Object id) {
        return of(404, "There is no " + protoClass + " with ID " + id + ".");
    }

    /** 409 {@code A(n) <ProtoClass> with ID <id> already exists.} */
    static ApiException alreadyExists(String protoClass, Object id) {
        return of(409, "A(n) " + protoClass + " with ID " + id + " already exists.");
    }

    static ApiException badRequest(String message) {
        return of(400, message);
    }

    static ApiException notFound(String message) {
        return of(404, message);
    }

    static ApiException conflict(String message) {
        return of(409, message);
    }

    static ApiException forbidden(String message) {
        return of(403, message);
    }

    static ApiException serverError(String message) {
        return of(500, message);
    }

    static ApiException status(int status, String message) {
        return of(status, message);
    }

    static ApiException unauthorized(String message, boolean challenge) {
        return new ApiException(401, message, List.of(), BodyStyle.ERROR_JSON,
                challenge ? Map.of("WWW-Authenticate", "Basic  realm=\"BASIC_AUTH_REALM\"") : Map.of());
    }

    /** 400 {@code Validation error(s) found} with the violations listed. */
    static ApiException validation(List<Violation> violations) {
        return new ApiException(400, "Validation error(s) found", violations, BodyStyle.ERROR_JSON, Map.of());
    }

    static ApiException emptyConflict() {
        return new ApiException(409, null, List.of(), BodyStyle.EMPTY, Map.of());
    }

    static ApiException emptyNotFound() {
        return new ApiException(404, null, List.of(), BodyStyle.EMPTY, Map.of());
    }

    /** A 500 whose body is not Error JSON, like an unmapped storage exception (MNA-1315). */
    static ApiException plainServerError(String text) {
        return new ApiException(500, text, List.of(), BodyStyle.PLAIN_TEXT, Map.of());
    }

    static ApiException notAcceptable(String header) {
        return of(406, header == null || header.isBlank() ? "Not Acceptable: no media type given"
                : "Not Acceptable: " + header);
    }

    static ApiException unsupportedMediaType(String header, List<String> supported) {
        return of(415, "Unsupported Media Type: " + (header == null ? "(none)" : header) + "; supported: "
                + String.join(", ", supported));
    }

    static ApiException methodNotAllowed(String method) {
        return of(405, "Method " + method + " is not allowed on this resource");
    }
}

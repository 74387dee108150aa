package org.midonet.kube.sim;

import java.util.List;
import java.util.Locale;

/**
 * How one operation checks the media type headers of a request (reference §1.2).
 *
 * <p>{@link Style#GENERIC} is the by-hand check of MidoNet's generic resources: the header must be present and be
 * one media type compatible with an allowed one, or the answer is 406, even for a Content-Type.
 * {@link Style#DECLARED} is Jersey's own matching of {@code @Produces}/{@code @Consumes}: an Accept list with
 * quality values (missing means anything), and a wrong or missing Content-Type gives 415.
 * {@link Style#NONE} checks nothing.
 */
record MediaCheck(Style style, List<String> types) {

    enum Style { NONE, GENERIC, DECLARED }

    static final MediaCheck NONE = new MediaCheck(Style.NONE, List.of());

    /** No check; the answer has the given type. */
    static MediaCheck unchecked(String type) {
        return new MediaCheck(Style.NONE, List.of(type));
    }

    static MediaCheck generic(String... types) {
        return new MediaCheck(Style.GENERIC, List.of(types));
    }

    static MediaCheck declared(String... types) {
        return new MediaCheck(Style.DECLARED, List.of(types));
    }

    /** The Content-Type of the answer to a GET with this Accept header; throws 406 when none fits. */
    String negotiate(String accept) {
        switch (style) {
            case NONE:
                return types.isEmpty() ? MediaTypes.JSON : types.get(0);
            case GENERIC: {
                String type = single(accept);
                String match = type == null ? null : firstCompatible(type);
                if (match == null) {
                    throw ApiException.notAcceptable(accept);
                }
                return match;
            }
            default: {
                if (accept == null || accept.isBlank()) {
                    return types.get(0);
                }
                String best = null;
                double bestQuality = 0;
                for (String part : accept.split(",")) {
                    double quality = quality(part);
                    String match = firstCompatible(essence(part));
                    if (match != null && quality > bestQuality) {
                        best = match;
                        bestQuality = quality;
                    }
                }
                if (best == null) {
                    throw ApiException.notAcceptable(accept);
                }
                return best;
            }
        }
    }

    /** Checks the Content-Type of a POST or PUT: 406 (generic) or 415 (declared) when it does not fit. */
    void checkContentType(String contentType) {
        if (style == Style.NONE) {
            return;
        }
        String type = single(contentType);
        if (type == null || type.contains("*") || firstCompatible(type) == null) {
            throw style == Style.GENERIC ? ApiException.notAcceptable(contentType)
                    : ApiException.unsupportedMediaType(contentType, types);
        }
    }

    /** The allowed type compatible with a requested one ("*" wildcards allowed), in our spelling; or null. */
    private String firstCompatible(String requested) {
        int slash = requested.indexOf('/');
        if (slash <= 0 || slash == requested.length() - 1) {
            return null;
        }
        String type = requested.substring(0, slash);
        String subtype = requested.substring(slash + 1);
        for (String allowed : types) {
            int s = allowed.indexOf('/');
            boolean typeOk = type.equals("*") || type.equalsIgnoreCase(allowed.substring(0, s));
            boolean subtypeOk = subtype.equals("*") || subtype.equalsIgnoreCase(allowed.substring(s + 1));
            if (typeOk && subtypeOk) {
                return allowed;
            }
        }
        return null;
    }

    /** A header holding exactly one media type, reduced to "type/subtype"; null when missing or a list. */
    private static String single(String header) {
        if (header == null || header.isBlank() || header.contains(",")) {
            return null;
        }
        return essence(header);
    }

    private static String essence(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        String value = semicolon < 0 ? mediaType : mediaType.substring(0, semicolon);
        return value.trim().toLowerCase(Locale.ROOT).equals("*") ? "*/*" : value.trim();
    }

    private static double quality(String part) {
        for (String parameter : part.split(";")) {
            String p = parameter.trim();
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}

package org.midonet.kube.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How a Translation too large for one Kubernetes object is stored: as a head, which keeps the Translation's
 * name, labels, owner and finalizer and the first share of its resources, and parts named
 * {@code <head>.part-<i>} holding the rest in order. etcd refuses objects over 1.5 MiB; every stored object here
 * holds at most {@link #BUDGET} of resources, so a Service of any number of ports and endpoints can be stored.
 * A single MidoNet object larger than that (a DNAT with tens of thousands of targets) is cut into pieces whose
 * bodies join ({@link BackendResource#getContinued()}).
 *
 * <p>The head names how many parts follow ({@value #PARTS_ANNOTATION}) and the hash of the whole content
 * ({@value #CONTENT_HASH_ANNOTATION}); each part names its head ({@value #PART_OF_ANNOTATION}) and the same hash.
 * A reader takes the Translation as whole only when every part carries its head's hash, so a Translation being
 * rewritten part by part is never read half old, half new. Parts carry the label {@value #PART_LABEL}: they are
 * not Translations of their own.
 */
public final class TranslationParts {
    public static final String PARTS_ANNOTATION = "midonet.org/parts";
    public static final String CONTENT_HASH_ANNOTATION = "midonet.org/content-hash";
    public static final String PART_OF_ANNOTATION = "midonet.org/part-of";
    public static final String PART_LABEL = "midonet.org/part";
    /** The resources one stored object holds at most, in bytes of JSON: leaves room for metadata and status. */
    public static final int BUDGET = 768 * 1024;

    private static final int ENTRY_OVERHEAD = 48;
    private static final int MAX_NAME = 253;

    private TranslationParts() {
    }

    /** The objects that store a Translation: itself when it fits in one, else its head and then its parts. */
    public static List<Translation> split(Translation whole) {
        return split(whole, BUDGET);
    }

    static List<Translation> split(Translation whole, int budget) {
        List<List<BackendResource>> shares = shares(resources(whole), budget);
        if (shares.size() == 1) {
            return List.of(whole);
        }
        String hash = ContentHash.of(resources(whole));
        ObjectMeta meta = whole.getMetadata();
        Translation head = withResources(new ObjectMetaBuilder(meta)
                .addToAnnotations(PARTS_ANNOTATION, Integer.toString(shares.size() - 1))
                .addToAnnotations(CONTENT_HASH_ANNOTATION, hash).build(), shares.get(0));
        List<Translation> stored = new ArrayList<>(List.of(head));
        for (int i = 1; i < shares.size(); i++) {
            ObjectMeta partMeta = new ObjectMetaBuilder().withNamespace(meta.getNamespace())
                    .withName(partName(meta.getName(), i))
                    .withLabels(new TreeMap<>(Map.of(PART_LABEL, Integer.toString(i))))
                    .withAnnotations(new TreeMap<>(Map.of(PART_OF_ANNOTATION, meta.getName(), CONTENT_HASH_ANNOTATION, hash)))
                    .build();
            stored.add(withResources(partMeta, shares.get(i)));
        }
        return stored;
    }

    /**
     * The whole Translation a head stands for, its parts looked up by name: the head itself when it has no
     * parts; empty while a part is missing or holds another content (being written).
     */
    public static Optional<Translation> assemble(Translation head, Function<String, Translation> partsByName) {
        int parts = declaredParts(head);
        if (parts == 0) {
            return Optional.of(head);
        }
        String hash = annotation(head, CONTENT_HASH_ANNOTATION);
        List<BackendResource> all = new ArrayList<>(resources(head));
        for (int i = 1; i <= parts; i++) {
            Translation part = partsByName.apply(partName(head.getMetadata().getName(), i));
            if (part == null || !head.getMetadata().getName().equals(headName(part))
                    || hash == null || !hash.equals(annotation(part, CONTENT_HASH_ANNOTATION))) {
                return Optional.empty();
            }
            all.addAll(resources(part));
        }
        ObjectMeta meta = new ObjectMetaBuilder(head.getMetadata()).removeFromAnnotations(PARTS_ANNOTATION)
                .removeFromAnnotations(CONTENT_HASH_ANNOTATION).build();
        Translation whole = withResources(meta, joined(all));
        whole.setStatus(head.getStatus());
        return Optional.of(whole);
    }

    /** How many parts follow this head (0 for a Translation stored whole, or a malformed count). */
    public static int declaredParts(Translation t) {
        String parts = annotation(t, PARTS_ANNOTATION);
        try {
            return parts == null ? 0 : Math.max(0, Integer.parseInt(parts));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether this object is a part of a Translation rather than a Translation (or its head). */
    public static boolean isPart(Translation t) {
        Map<String, String> labels = t.getMetadata().getLabels();
        return labels != null && labels.containsKey(PART_LABEL);
    }

    /** The name of the head a part belongs to (null when it names none). */
    public static String headName(Translation part) {
        return annotation(part, PART_OF_ANNOTATION);
    }

    /** The name of a head's i-th part (from 1); a long head name is cut and hashed to stay a valid name. */
    public static String partName(String head, int index) {
        String suffix = ".part-" + index;
        if (head.length() + suffix.length() <= MAX_NAME) {
            return head + suffix;
        }
        String hash = sha1(head).substring(0, 12);
        return head.substring(0, MAX_NAME - suffix.length() - hash.length() - 1) + "-" + hash + suffix;
    }

    /** The resources in shares of at most {@code budget} bytes each; an entry larger than that is cut in pieces. */
    static List<List<BackendResource>> shares(List<BackendResource> resources, int budget) {
        if (upperBound(resources) <= budget) {
            return List.of(resources); // nearly every Translation: a few kB, not worth measuring exactly
        }
        List<List<BackendResource>> shares = new ArrayList<>();
        List<BackendResource> current = new ArrayList<>();
        long used = 0;
        for (BackendResource r : resources) {
            long size = size(r);
            if (used + size > budget && !current.isEmpty()) {
                shares.add(current);
                current = new ArrayList<>();
                used = 0;
            }
            if (size <= budget) {
                current.add(r);
                used += size;
                continue;
            }
            List<BackendResource> pieces = pieces(r, budget - ENTRY_OVERHEAD - r.getKind().length() - r.getParent().length());
            for (int i = 0; i < pieces.size() - 1; i++) {
                shares.add(List.of(pieces.get(i)));
            }
            BackendResource last = pieces.get(pieces.size() - 1);
            current.add(last);
            used += size(last);
        }
        shares.add(current);
        return shares;
    }

    /** An entry's body cut into consecutive pieces of at most {@code maxBytes} bytes of JSON each. */
    private static List<BackendResource> pieces(BackendResource r, int maxBytes) {
        List<BackendResource> pieces = new ArrayList<>();
        String body = r.getBody();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            int cost = jsonBytes(c);
            boolean pairStarts = Character.isHighSurrogate(c);
            if (bytes + cost + (pairStarts ? 3 : 0) > maxBytes && i > start) {
                pieces.add(piece(r, body.substring(start, i), true));
                start = i;
                bytes = 0;
            }
            bytes += cost;
        }
        pieces.add(piece(r, body.substring(start), false));
        return pieces;
    }

    private static BackendResource piece(BackendResource r, String body, boolean continued) {
        BackendResource piece = new BackendResource(r.getKind(), r.getParent(), body);
        piece.setContinued(continued);
        return piece;
    }

    /** Entries with their pieces joined back into one. */
    private static List<BackendResource> joined(List<BackendResource> entries) {
        List<BackendResource> out = new ArrayList<>(entries.size());
        StringBuilder body = null;
        BackendResource first = null;
        for (BackendResource e : entries) {
            if (body == null && !e.continues()) {
                out.add(e);
                continue;
            }
            if (body == null) {
                body = new StringBuilder();
                first = e;
            }
            body.append(e.getBody());
            if (!e.continues()) {
                out.add(new BackendResource(first.getKind(), first.getParent(), body.toString()));
                body = null;
            }
        }
        if (body != null) { // a last piece that says more follows: kept as it is, so that it fails to decode
            out.add(new BackendResource(first.getKind(), first.getParent(), body.toString()));
        }
        return out;
    }

    /** At least as many bytes as the entries take in JSON (no character takes more than 6), without reading them. */
    private static long upperBound(List<BackendResource> resources) {
        long bound = 0;
        for (BackendResource r : resources) {
            bound += ENTRY_OVERHEAD + 6L * (r.getKind().length() + r.getParent().length() + r.getBody().length());
        }
        return bound;
    }

    /** About how many bytes an entry takes in the stored object's JSON. */
    static long size(BackendResource r) {
        return ENTRY_OVERHEAD + jsonBytes(r.getKind()) + jsonBytes(r.getParent()) + jsonBytes(r.getBody());
    }

    private static long jsonBytes(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += jsonBytes(s.charAt(i));
        }
        return n;
    }

    /** A character's bytes in UTF-8 JSON: quotes and backslashes escaped, control characters as \\u00XX. */
    private static int jsonBytes(char c) {
        if (c == '"' || c == '\\') {
            return 2;
        }
        if (c < 0x20) {
            return 6;
        }
        return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }

    private static Translation withResources(ObjectMeta meta, List<BackendResource> resources) {
        Translation t = new Translation();
        t.setMetadata(meta);
        t.setResources(resources);
        return t;
    }

    private static List<BackendResource> resources(Translation t) {
        return t.getResources() == null ? List.of() : t.getResources();
    }

    private static String annotation(Translation t, String key) {
        Map<String, String> annotations = t.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.midonet.kube.translate;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/** Names derived as the original did: Translation names, MAC addresses and host interface names. */
public final class Names {
    /** Kubernetes object names (DNS subdomains) are at most this long. */
    public static final int MAX_NAME_LENGTH = 253;
    /** The version the original kept in the names of Translations whose content has no ids. */
    private static final String UNVERSIONED = "3";

    private Names() {
    }

    /**
     * The Translation name for a kind and key name: lower-case, "/" replaced by "-", and when that changed
     * anything the SHA-1 of the original appended. A result too long for Kubernetes is shortened and keeps
     * the hash, so that it stays unique.
     */
    public static String translationName(String kind, String keyName) {
        return translationName(kind, Ids.TRANSLATION_VERSION, keyName);
    }

    /**
     * The name of a Translation whose content has no ids (MAC and ARP entries): the original kept those
     * at version "3" whatever the id scheme's version.
     */
    public static String unversionedTranslationName(String kind, String keyName) {
        return translationName(kind, UNVERSIONED, keyName);
    }

    private static String translationName(String kind, String version, String keyName) {
        String name = makeDns(kind.toLowerCase(Locale.ROOT) + "." + version + "." + keyName);
        if (name.length() <= MAX_NAME_LENGTH) {
            return name;
        }
        String hash = sha1Hex(name);
        String head = name.substring(0, MAX_NAME_LENGTH - hash.length() - 1).replaceAll("[-.]+$", "");
        return head + "-" + hash;
    }

    static String makeDns(String s) {
        String converted = s.replace('/', '-').toLowerCase(Locale.ROOT);
        return converted.equals(s) ? s : converted + "-" + sha1Hex(s);
    }

    /** The MAC the original derived for a key: the ac:ca:ba OUI and the first 3 bytes of SHA-256(key). */
    public static String macForKey(String key) {
        byte[] hash = Ids.digest("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        return String.format("ac:ca:ba:%02x:%02x:%02x", hash[0], hash[1], hash[2]);
    }

    /** The host-side veth name of a Pod: "mido" and 11 hex digits of SHA-1("namespace/name"). */
    public static String podInterfaceName(String namespace, String name) {
        return "mido" + sha1Hex(namespace + "/" + name).substring(0, 11);
    }

    static String sha256Hex(String s) {
        return HexFormat.of().formatHex(Ids.digest("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static String sha1Hex(String s) {
        return HexFormat.of().formatHex(Ids.sha1().digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}

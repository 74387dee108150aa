package org.midonet.kube.cni;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/** Random MAC addresses as the kernel gives veths: unicast, locally administered (02 bit set, 01 bit clear). */
final class Macs {
    private Macs() {
    }

    static String random() {
        byte[] bytes = new byte[6];
        try (InputStream random = Files.newInputStream(Path.of("/dev/urandom"))) {
            if (random.readNBytes(bytes, 0, 6) != 6) {
                throw new IOException("short read");
            }
        } catch (IOException e) {
            new SecureRandom().nextBytes(bytes);
        }
        bytes[0] = (byte) ((bytes[0] & 0xfc) | 0x02);
        StringBuilder mac = new StringBuilder(17);
        for (byte b : bytes) {
            if (mac.length() > 0) {
                mac.append(':');
            }
            mac.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return mac.toString();
    }
}

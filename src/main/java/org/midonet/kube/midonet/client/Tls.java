package org.midonet.kube.midonet.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/** TLS set-up of the client: the JDK's trust store, a CA file, or (labs only) no verification. */
final class Tls {
    private Tls() {
    }

    static void configure(OkHttpClient.Builder builder, MidonetClientConfig config) {
        try {
            if (config.insecureSkipTlsVerify()) {
                X509TrustManager trustAll = new TrustAll();
                builder.sslSocketFactory(context(trustAll).getSocketFactory(), trustAll)
                        .hostnameVerifier((host, session) -> true);
            } else if (config.caFile() != null) {
                X509TrustManager trust = trustManager(config.caFile());
                builder.sslSocketFactory(context(trust).getSocketFactory(), trust);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the CA file " + config.caFile() + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext context(TrustManager trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trust}, null);
        return context;
    }

    private static X509TrustManager trustManager(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new GeneralSecurityException("no certificate in the file");
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Accepts every certificate: only for --insecure-skip-tls-verify. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

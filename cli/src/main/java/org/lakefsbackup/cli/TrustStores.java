package org.lakefsbackup.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * Adds the certificates of a PEM CA bundle to what this process trusts, for every HTTPS client it builds afterwards
 * (the AWS SDK's and the lakeFS SDK's both take the JVM's default trust managers): a PKCS12 trust store holding the
 * JVM's trusted CAs ({@code javax.net.ssl.trustStore} when set, else the JDK's {@code cacerts}) and the bundle's,
 * written to a temporary file and named by {@code javax.net.ssl.trustStore}.
 */
final class TrustStores {
    /** Not a secret: the store holds public certificates only. */
    private static final char[] PASSWORD = "changeit".toCharArray();

    private TrustStores() {
    }

    /**
     * @param bundle a file of one or more PEM certificates
     * @param source how the user named it, e.g. {@code --ca-bundle} or {@code AWS_CA_BUNDLE}, for messages
     */
    static void trust(Path bundle, String source) {
        Collection<? extends Certificate> added;
        try (InputStream in = Files.newInputStream(bundle)) {
            added = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw ErrorCode.INVALID_INPUT.exception(source + " " + bundle + ": cannot read it: " + e, e);
        } catch (GeneralSecurityException e) {
            throw ErrorCode.INVALID_INPUT.exception(source + " " + bundle + ": not a PEM certificate bundle: "
                    + e.getMessage(), e);
        }
        if (added.isEmpty()) {
            throw ErrorCode.INVALID_INPUT.exception(source + " " + bundle + ": holds no certificate");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, PASSWORD);
            int n = 0;
            for (X509Certificate ca : jvmTrusted()) {
                store.setCertificateEntry("jvm-" + n++, ca);
            }
            for (Certificate ca : added) {
                store.setCertificateEntry("bundle-" + n++, ca);
            }
            Path file = Files.createTempFile("lakefs-backup-truststore", ".p12");
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD);
            }
            System.setProperty("javax.net.ssl.trustStore", file.toString());
            System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            System.setProperty("javax.net.ssl.trustStorePassword", new String(PASSWORD));
        } catch (IOException | GeneralSecurityException e) {
            throw ErrorCode.INTERNAL.exception("cannot build a trust store with " + source + " " + bundle + ": " + e,
                    e);
        }
    }

    private static X509Certificate[] jvmTrusted() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}

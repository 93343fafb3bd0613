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
 * (the AWS SDK's and the lakeFS SDK's both take the JVM's default trust managers): a trust store holding the
 * JVM's trusted CAs ({@code javax.net.ssl.trustStore} when set, else the JDK's {@code cacerts}) and the bundle's,
 * written to a temporary file and named by {@code javax.net.ssl.trustStore}. The file is a JKS store: a PKCS12 store
 * encrypts and MACs its entries with a password-based key, which with a system bundle of ~150 certificates cost a
 * tenth of a second or more at start-up to write and again to read, for a store holding public certificates only.
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
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(null, PASSWORD);
            int n = 0;
            for (X509Certificate ca : jvmTrusted()) {
                store.setCertificateEntry("jvm-" + n++, ca);
            }
            for (Certificate ca : added) {
                store.setCertificateEntry("bundle-" + n++, ca);
            }
            Path file = Files.createTempFile("lakefs-backup-truststore", ".jks");
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, PASSWORD);
            }
            System.setProperty("javax.net.ssl.trustStore", file.toString());
            System.setProperty("javax.net.ssl.trustStoreType", "JKS");
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

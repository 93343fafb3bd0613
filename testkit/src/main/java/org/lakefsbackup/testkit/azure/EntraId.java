package org.lakefsbackup.testkit.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import reactor.core.publisher.Mono;

/**
 * What an Azurite started with Entra ID needs: a self-signed certificate for 127.0.0.1 (made with the JDK's
 * {@code keytool}), an HTTP client trusting exactly that certificate, and tokens in the shape Azure issues (issuer
 * {@code https://sts.windows.net/<tenant>/}, audience {@code https://storage.azure.com}, object and tenant ids,
 * valid for an hour). Azurite's basic OAuth mode checks those claims but no signature, so the tokens are unsigned.
 */
final class EntraId {
    static final String PASSWORD = "azurite-test-certificate";
    private static final String PEM = "azurite.pem";
    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private final Path certificate;
    private final HttpClient http;
    private final Tokens tokens = new Tokens();

    private EntraId(Path certificate, HttpClient http) {
        this.certificate = certificate;
        this.http = http;
    }

    static EntraId create(Path directory) {
        Path pfx = directory.resolve("azurite.pfx");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-alias", "azurite", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", pfx.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool could not make a certificate for Azurite:\n" + output);
            }
            KeyStore made = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(pfx)) {
                made.load(in, PASSWORD.toCharArray());
            }
            var certificate = made.getCertificate("azurite");
            // Azurite's own requests to itself (Copy Blob From URL reading its source) trust it through Node's
            // NODE_EXTRA_CA_CERTS
            Files.writeString(directory.resolve(PEM), "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("azurite", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, trust.getTrustManagers(), null);
            HttpClient http = new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(ssl)).build();
            return new EntraId(pfx, http);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not set up https for Azurite", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making Azurite's certificate", e);
        }
    }

    /** The certificate and key, PKCS#12, for Azurite's {@code --cert} and {@code --pwd}. */
    Path certificate() {
        return certificate;
    }

    /** The certificate alone, PEM, for Node's {@code NODE_EXTRA_CA_CERTS}. */
    Path pem() {
        return certificate.resolveSibling(PEM);
    }

    HttpClient http() {
        return http;
    }

    Tokens tokens() {
        return tokens;
    }

    /** Unsigned tokens for storage, one new token per request for it; counts them. */
    static final class Tokens implements TokenCredential {
        private final String objectId = UUID.randomUUID().toString();
        private final AtomicLong issued = new AtomicLong();

        /** Tokens handed out so far. */
        long issued() {
            return issued.get();
        }

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromCallable(() -> getTokenSync(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            issued.incrementAndGet();
            OffsetDateTime now = OffsetDateTime.now();
            OffsetDateTime expiry = now.plusHours(1);
            String header = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
            String claims = base64Url("{\"aud\":\"https://storage.azure.com\",\"iss\":\"https://sts.windows.net/"
                    + TENANT + "/\",\"iat\":" + now.toEpochSecond() + ",\"nbf\":" + (now.toEpochSecond() - 60)
                    + ",\"exp\":" + expiry.toEpochSecond() + ",\"oid\":\"" + objectId + "\",\"tid\":\"" + TENANT
                    + "\"}");
            return new AccessToken(header + "." + claims + "." + base64Url("unsigned"), expiry);
        }

        private static String base64Url(String text) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}

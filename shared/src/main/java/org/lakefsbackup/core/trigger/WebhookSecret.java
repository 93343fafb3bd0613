package org.lakefsbackup.core.trigger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared secret a lakeFS action presents to the webhook (header {@value #HEADER}). Compared in constant time
 * (over SHA-256 digests, so not even the length leaks); never printed: {@link #toString()} is redacted.
 */
public final class WebhookSecret {
    /** The environment variable (on AWS a Secrets Manager reference, on Azure a Key Vault reference) with the secret. */
    public static final String ENV = "LAKEFS_BACKUP_WEBHOOK_SECRET";
    /** The request header that carries the secret. */
    public static final String HEADER = "X-Lakefs-Backup-Secret";
    /** The shortest secret accepted: 32 characters (e.g. {@code openssl rand -hex 16}). */
    public static final int MIN_LENGTH = 32;

    private final byte[] digest;

    private WebhookSecret(byte[] digest) {
        this.digest = digest;
    }

    /**
     * @throws org.lakefsbackup.core.error.InvalidInputException when the secret is shorter than {@value #MIN_LENGTH}
     *                                                           characters (without saying what it was)
     */
    public static WebhookSecret of(String secret) {
        if (secret == null || secret.strip().length() < MIN_LENGTH) {
            throw org.lakefsbackup.core.error.ErrorCode.INVALID_INPUT.exception("the webhook secret must have at least "
                    + MIN_LENGTH + " characters");
        }
        return new WebhookSecret(sha256(secret.strip()));
    }

    /** Whether {@code presented} is the secret; {@code null} never is. Constant time in the secret's content. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(presented.strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}

package org.lakefsbackup.core.store;

import java.util.Objects;

/**
 * How a copy's target is encrypted at rest. Stores without a choice (local files) ignore it.
 *
 * @param mode     {@link Mode#STORE_DEFAULT} (the bucket's or container's default encryption), {@link Mode#SSE_S3}
 *                 or {@link Mode#SSE_KMS}
 * @param kmsKeyId with {@code SSE_KMS}: the KMS key id or ARN, or {@code null} for the account's AWS managed key;
 *                 {@code null} otherwise
 */
public record TargetEncryption(Mode mode, String kmsKeyId) {
    /** Which encryption the target gets. */
    public enum Mode {
        /** Whatever the target bucket or container applies by default (no encryption header is sent). */
        STORE_DEFAULT,
        /** S3-managed keys ({@code x-amz-server-side-encryption: AES256}). */
        SSE_S3,
        /** KMS keys ({@code x-amz-server-side-encryption: aws:kms}, with the key id when given). */
        SSE_KMS
    }

    /** The target store's default encryption. */
    public static final TargetEncryption STORE_DEFAULT = new TargetEncryption(Mode.STORE_DEFAULT, null);

    public TargetEncryption {
        Objects.requireNonNull(mode, "mode");
        if (kmsKeyId != null && (mode != Mode.SSE_KMS || kmsKeyId.isBlank())) {
            throw new IllegalArgumentException("a KMS key id is only valid, and must not be blank, with SSE_KMS");
        }
    }

    /** SSE-KMS with the given key, or the AWS managed key when {@code kmsKeyId} is {@code null}. */
    public static TargetEncryption kms(String kmsKeyId) {
        return new TargetEncryption(Mode.SSE_KMS, kmsKeyId);
    }

    /** SSE-S3. */
    public static TargetEncryption s3Managed() {
        return new TargetEncryption(Mode.SSE_S3, null);
    }
}

package org.lakefsbackup.core.store.s3;

import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;

/** Maps checksum algorithms to S3's additional checksums and reads them from answers. */
final class S3Checksums {
    private S3Checksums() {
    }

    /** S3's name for an algorithm, or {@code null} for MD5, which S3 has only as the ETag of some objects. */
    static software.amazon.awssdk.services.s3.model.ChecksumAlgorithm toS3(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case MD5 -> null;
            case SHA1 -> software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.SHA1;
            case SHA256 -> software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.SHA256;
            case CRC32 -> software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32;
            case CRC32C -> software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32_C;
            case CRC64NVME -> software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC64_NVME;
        };
    }

    /**
     * A multipart upload's checksum type for an algorithm: CRCs combine into a checksum of the whole object, SHA
     * digests only into a checksum of the parts' checksums.
     */
    static ChecksumType typeFor(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case CRC32, CRC32C, CRC64NVME -> ChecksumType.FULL_OBJECT;
            default -> ChecksumType.COMPOSITE;
        };
    }

    /** The one checksum an answer carries, or {@code null}; {@code preferred} first when several are present. */
    static Checksum of(ChecksumAlgorithm preferred, String crc32, String crc32c, String crc64nvme, String sha1,
                       String sha256) {
        if (preferred != null) {
            String value = switch (preferred) {
                case MD5 -> null;
                case SHA1 -> sha1;
                case SHA256 -> sha256;
                case CRC32 -> crc32;
                case CRC32C -> crc32c;
                case CRC64NVME -> crc64nvme;
            };
            if (value != null) {
                return new Checksum(preferred, value);
            }
        }
        if (sha256 != null) {
            return new Checksum(ChecksumAlgorithm.SHA256, sha256);
        }
        if (crc64nvme != null) {
            return new Checksum(ChecksumAlgorithm.CRC64NVME, crc64nvme);
        }
        if (sha1 != null) {
            return new Checksum(ChecksumAlgorithm.SHA1, sha1);
        }
        if (crc32c != null) {
            return new Checksum(ChecksumAlgorithm.CRC32C, crc32c);
        }
        if (crc32 != null) {
            return new Checksum(ChecksumAlgorithm.CRC32, crc32);
        }
        return null;
    }

    /**
     * Whether a HEAD answer's ETag is the MD5 of the content, as AWS documents it: 32 hex digits (not a multipart
     * {@code -N} ETag) of an object stored in plain text or with SSE-S3 ({@code AES256}); never with SSE-KMS, DSSE-KMS
     * ({@code aws:kms...}) or SSE-C (customer key headers), whose ETags are not MD5s.
     */
    static boolean etagIsMd5(String etag, String serverSideEncryption, String sseCustomerAlgorithm) {
        if (sseCustomerAlgorithm != null || etag == null
                || serverSideEncryption != null && !serverSideEncryption.equals("AES256")) {
            return false;
        }
        return unquote(etag).matches("[0-9a-fA-F]{32}");
    }

    /** An ETag without its quotes. */
    static String unquote(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : etag;
    }

    /**
     * Whether a CopyObject answer's ETag is the MD5 of the content. Stricter than for a HEAD: the answer must say
     * {@code AES256} (as AWS and S3Proxy do). MinIO leaves the encryption header out of copy answers of objects its
     * bucket encrypts with SSE-KMS by default, so an answer without the header says nothing.
     */
    static boolean copyEtagIsMd5(String etag, String serverSideEncryption, String sseCustomerAlgorithm) {
        return "AES256".equals(serverSideEncryption) && etagIsMd5(etag, serverSideEncryption, sseCustomerAlgorithm);
    }
}

package org.lakefsbackup.aws.handler;

import java.util.Objects;

/**
 * The part of a plan handed to S3 Batch Operations: a CSV manifest ({@code bucket,url-encoded key}) of objects that
 * S3PutObjectCopy can copy to {@code targetBucket} under {@code targetKeyPrefix} + source key, and where the job's
 * completion report goes.
 *
 * @param manifestBucket     bucket of the CSV manifest (the run's scratch)
 * @param manifestKey        key of the CSV manifest
 * @param manifestEtag       ETag of the manifest, which CreateJob requires
 * @param sourceBucket       the one bucket every manifest object is in
 * @param sourceRootKey      key of the plan's source root in that bucket (to turn reported keys into plan keys)
 * @param targetBucket       the one bucket every copy goes to
 * @param targetKeyPrefix    what Batch prepends to each source key to form the target key (may be empty)
 * @param objects            objects in the manifest
 * @param bytes              their bytes
 * @param reportBucket       bucket of the completion report
 * @param reportPrefix       key prefix of the completion report ({@code <prefix>/job-<id>/manifest.json})
 * @param clientRequestToken idempotency token of CreateJob: a retried create returns the same job
 */
public record BatchCopySpec(String manifestBucket, String manifestKey, String manifestEtag, String sourceBucket,
                            String sourceRootKey, String targetBucket, String targetKeyPrefix, long objects,
                            long bytes, String reportBucket, String reportPrefix, String clientRequestToken) {
    public BatchCopySpec {
        Objects.requireNonNull(manifestBucket, "manifestBucket");
        Objects.requireNonNull(manifestKey, "manifestKey");
        Objects.requireNonNull(manifestEtag, "manifestEtag");
        Objects.requireNonNull(sourceBucket, "sourceBucket");
        Objects.requireNonNull(targetBucket, "targetBucket");
        Objects.requireNonNull(reportBucket, "reportBucket");
        Objects.requireNonNull(reportPrefix, "reportPrefix");
        Objects.requireNonNull(clientRequestToken, "clientRequestToken");
        sourceRootKey = sourceRootKey == null ? "" : sourceRootKey;
        targetKeyPrefix = targetKeyPrefix == null ? "" : targetKeyPrefix;
    }
}

package org.lakefsbackup.core.store.s3;

import java.util.List;
import java.util.function.Consumer;
import org.lakefsbackup.core.store.Location;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyPartResult;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/** One multipart upload to a target: created, filled with parts, completed, or aborted on any failure. */
final class MultipartUpload {
    interface Parts {
        List<CompletedPart> write(MultipartUpload upload);
    }

    private final S3Client s3;
    private final Location target;
    private final String what;
    private String uploadId;

    MultipartUpload(S3Client s3, Location target, String what) {
        this.s3 = s3;
        this.target = target;
        this.what = what;
    }

    /** Creates the upload, writes its parts and completes it; returns the completion's answer. */
    CompleteMultipartUploadResponse run(Parts parts, Consumer<CreateMultipartUploadRequest.Builder> create) {
        try {
            uploadId = s3.createMultipartUpload(b -> create.accept(b.bucket(target.authority()).key(target.key())))
                    .uploadId();
            List<CompletedPart> completed = parts.write(this);
            return s3.completeMultipartUpload(b -> b.bucket(target.authority()).key(target.key()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(completed)));
        } catch (SdkException e) {
            abortQuietly(e);
            throw S3ExceptionMapper.map(e, what);
        } catch (RuntimeException | Error e) {
            abortQuietly(e);
            throw e;
        }
    }

    CompletedPart uploadPart(int number, byte[] content) {
        String etag = s3.uploadPart(b -> b.bucket(target.authority()).key(target.key()).uploadId(uploadId)
                .partNumber(number), RequestBody.fromBytes(content)).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    CompletedPart copyPart(int number, Location source, String sourceEtag, long first, long last) {
        UploadPartCopyResponse r = s3.uploadPartCopy(b -> b.sourceBucket(source.authority()).sourceKey(source.key())
                .destinationBucket(target.authority()).destinationKey(target.key()).uploadId(uploadId)
                .partNumber(number).copySourceRange("bytes=" + first + "-" + last).copySourceIfMatch(sourceEtag));
        CopyPartResult part = r.copyPartResult();
        // The part checksums (present when the upload was created with a checksum algorithm) must be sent back.
        return CompletedPart.builder().partNumber(number).eTag(part.eTag()).checksumCRC32(part.checksumCRC32())
                .checksumCRC32C(part.checksumCRC32C()).checksumCRC64NVME(part.checksumCRC64NVME())
                .checksumSHA1(part.checksumSHA1()).checksumSHA256(part.checksumSHA256()).build();
    }

    private void abortQuietly(Throwable failure) {
        if (uploadId == null) {
            return;
        }
        try {
            s3.abortMultipartUpload(b -> b.bucket(target.authority()).key(target.key()).uploadId(uploadId));
        } catch (SdkException e) {
            failure.addSuppressed(e);
        }
    }
}

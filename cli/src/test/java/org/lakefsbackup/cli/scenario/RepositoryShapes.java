package org.lakefsbackup.cli.scenario;

import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.CommitsApi;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.StagingApi;
import io.lakefs.clients.sdk.TagsApi;
import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.GarbageCollectionRule;
import io.lakefs.clients.sdk.model.GarbageCollectionRules;
import io.lakefs.clients.sdk.model.ObjectStats;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakefs.clients.sdk.model.StagingLocation;
import io.lakefs.clients.sdk.model.StagingMetadata;
import io.lakefs.clients.sdk.model.TagCreation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.lakefsbackup.core.store.Location;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** Builds the repository shapes the scenarios need, through lakeFS's public API and the S3 API. */
final class RepositoryShapes {
    /** lakectl's part size for multipart uploads (helpers.DefaultUploadPartSize, 5 MiB). */
    static final int LAKECTL_PART_SIZE = 5 * 1024 * 1024;

    private final ApiClient client;

    RepositoryShapes(ApiClient client) {
        this.client = client;
    }

    void createRepository(String name, String namespace, String defaultBranch) throws ApiException {
        new RepositoriesApi(client).createRepository(new RepositoryCreation().name(name).storageNamespace(namespace)
                .defaultBranch(defaultBranch)).execute();
    }

    void setGcRules(String repo, int defaultDays, String branch, int branchDays) throws ApiException {
        new RepositoriesApi(client).setGCRules(repo, new GarbageCollectionRules().defaultRetentionDays(defaultDays)
                .branches(List.of(new GarbageCollectionRule().branchId(branch).retentionDays(branchDays)))).execute();
    }

    /**
     * Uploads {@code content} the way lakectl uploads a large file with pre-signed URLs: a physical address from
     * lakeFS, an S3 multipart upload of {@link #LAKECTL_PART_SIZE} parts straight to the block store, then a link
     * whose checksum is the multipart ETag ({@code <hex>-<parts>}).
     *
     * @return the linked object's stats
     */
    ObjectStats uploadMultipartAsLakectl(S3Client s3, String repo, String branch, String path, byte[] content)
            throws ApiException {
        StagingLocation staging = new StagingApi(client).getPhysicalAddress(repo, branch, path).presign(false)
                .execute();
        Location target = Location.parse(staging.getPhysicalAddress());
        String uploadId = s3.createMultipartUpload(r -> r.bucket(target.authority()).key(target.key())).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int offset = 0, number = 1; offset < content.length; offset += LAKECTL_PART_SIZE, number++) {
            int length = Math.min(LAKECTL_PART_SIZE, content.length - offset);
            int partNumber = number;
            String etag = s3.uploadPart(r -> r.bucket(target.authority()).key(target.key()).uploadId(uploadId)
                    .partNumber(partNumber), RequestBody.fromBytes(java.util.Arrays.copyOfRange(content, offset,
                    offset + length))).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
        String etag = s3.completeMultipartUpload(r -> r.bucket(target.authority()).key(target.key()).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts))).eTag().replace("\"", "");
        return new StagingApi(client).linkPhysicalAddress(repo, branch, path, new StagingMetadata().staging(staging)
                .checksum(etag).sizeBytes((long) content.length)).execute();
    }

    /** Links an object that lives outside the namespace (as an import does): a FULL physical address. */
    ObjectStats linkExternal(String repo, String branch, String path, String physicalAddress, String checksum,
                             long size) throws ApiException {
        return new StagingApi(client).linkPhysicalAddress(repo, branch, path, new StagingMetadata()
                .staging(new StagingLocation().physicalAddress(physicalAddress)).checksum(checksum).sizeBytes(size))
                .execute();
    }

    /** {@code count} empty commits on {@code branch}, one after another; returns the last id. */
    String emptyCommits(String repo, String branch, int count) throws ApiException {
        String last = null;
        for (int i = 0; i < count; i++) {
            last = new CommitsApi(client).commit(repo, branch, new CommitCreation().message("empty " + i)
                    .allowEmpty(true)).execute().getId();
        }
        return last;
    }

    /** {@code count} branches {@code <prefix><n>} from {@code source}, created by 8 concurrent callers. */
    void branches(String repo, String prefix, int count, String source) throws Exception {
        parallel(count, i -> new BranchesApi(client).createBranch(repo, new BranchCreation()
                .name(String.format("%s%04d", prefix, i)).source(source)).execute());
    }

    /** {@code count} tags {@code <prefix><n>} on {@code ref}, created by 8 concurrent callers. */
    void tags(String repo, String prefix, int count, String ref) throws Exception {
        parallel(count, i -> new TagsApi(client).createTag(repo, new TagCreation()
                .id(String.format("%s%04d", prefix, i)).ref(ref)).execute());
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Uploads with {@code force}, which a read-only repository requires. */
    void forceUpload(String repo, String branch, String path, String content) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("lakefs-force-", ".txt");
        try {
            java.nio.file.Files.writeString(file, content);
            new ObjectsApi(client).uploadObject(repo, branch, path).force(true).content(file.toFile()).execute();
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    String forceCommit(String repo, String branch, String message) throws ApiException {
        return new CommitsApi(client).commit(repo, branch, new CommitCreation().message(message).force(true))
                .execute().getId();
    }

    void forceBranchAndTag(String repo, String branch, String tag, String source) throws ApiException {
        new BranchesApi(client).createBranch(repo, new BranchCreation().name(branch).source(source).force(true))
                .execute();
        new TagsApi(client).createTag(repo, new TagCreation().id(tag).ref(source).force(true)).execute();
    }

    @FunctionalInterface
    private interface IndexedCall {
        void call(int i) throws Exception;
    }

    private static void parallel(int count, IndexedCall call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    call.call(index);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

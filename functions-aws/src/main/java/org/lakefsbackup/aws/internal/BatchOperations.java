package org.lakefsbackup.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lakefsbackup.aws.AwsFunctionConfig.BatchSettings;
import org.lakefsbackup.aws.handler.BatchCopyJob;
import org.lakefsbackup.aws.handler.BatchCopySpec;
import org.lakefsbackup.aws.handler.BatchCopyStatus;
import org.lakefsbackup.core.copy.CopyFailure;
import org.lakefsbackup.core.copy.CopySummary;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.s3control.model.CreateJobRequest;
import software.amazon.awssdk.services.s3control.model.DescribeJobRequest;
import software.amazon.awssdk.services.s3control.model.JobDescriptor;
import software.amazon.awssdk.services.s3control.model.JobManifest;
import software.amazon.awssdk.services.s3control.model.JobManifestFieldName;
import software.amazon.awssdk.services.s3control.model.JobManifestFormat;
import software.amazon.awssdk.services.s3control.model.JobOperation;
import software.amazon.awssdk.services.s3control.model.JobProgressSummary;
import software.amazon.awssdk.services.s3control.model.JobReport;
import software.amazon.awssdk.services.s3control.model.JobReportFormat;
import software.amazon.awssdk.services.s3control.model.JobReportScope;
import software.amazon.awssdk.services.s3control.model.JobStatus;
import software.amazon.awssdk.services.s3control.model.S3CopyObjectOperation;
import software.amazon.awssdk.services.s3control.model.S3MetadataDirective;

/**
 * S3 Batch Operations copy jobs: creates them ({@code CreateJob} with {@code S3PutObjectCopy}), polls them
 * ({@code DescribeJob}) and, once complete, reads the failed tasks from the completion report
 * ({@code <report prefix>/job-<id>/manifest.json}, whose {@code Results} name CSV files of
 * {@code Bucket,Key,VersionId,TaskStatus,ErrorCode,HTTPStatusCode,ResultMessage}) into a {@link CopySummary}.
 * S3 Control exceptions are translated to the core's error codes here. Thread-safe.
 */
public final class BatchOperations {
    private static final Logger LOG = LoggerFactory.getLogger(BatchOperations.class);

    private final S3ControlClient client;
    private final Storage storage;
    private final BatchSettings settings;
    private final String partition;

    public BatchOperations(S3ControlClient client, Storage storage, BatchSettings settings, String region) {
        this.client = Objects.requireNonNull(client, "client");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (!settings.configured()) {
            throw ErrorCode.INVALID_INPUT.exception("S3 Batch Operations needs a role ARN and an account id");
        }
        this.partition = partition(region);
    }

    /** The CreateJob request of {@code spec}: exactly what is sent, so tests can compare it. */
    public CreateJobRequest createJobRequest(BatchCopySpec spec) {
        S3CopyObjectOperation.Builder copy = S3CopyObjectOperation.builder()
                .targetResource(bucketArn(spec.targetBucket()))
                .metadataDirective(S3MetadataDirective.COPY);
        if (!spec.targetKeyPrefix().isEmpty()) {
            copy.targetKeyPrefix(spec.targetKeyPrefix());
        }
        return CreateJobRequest.builder()
                .accountId(settings.accountId())
                .confirmationRequired(false)
                .clientRequestToken(spec.clientRequestToken())
                .priority(settings.priority())
                .roleArn(settings.roleArn())
                .description("lakefs-backup copy of " + spec.objects() + " objects from s3://" + spec.sourceBucket()
                        + " to s3://" + spec.targetBucket())
                .operation(JobOperation.builder().s3PutObjectCopy(copy.build()).build())
                .manifest(JobManifest.builder()
                        .spec(s -> s.format(JobManifestFormat.S3_BATCH_OPERATIONS_CSV_20180820)
                                .fields(JobManifestFieldName.BUCKET, JobManifestFieldName.KEY))
                        .location(l -> l.objectArn(bucketArn(spec.manifestBucket()) + "/" + spec.manifestKey())
                                .eTag(spec.manifestEtag()))
                        .build())
                .report(JobReport.builder()
                        .enabled(true)
                        .bucket(bucketArn(spec.reportBucket()))
                        .prefix(spec.reportPrefix())
                        .format(JobReportFormat.REPORT_CSV_20180820)
                        .reportScope(settings.allTasksReport() ? JobReportScope.ALL_TASKS
                                : JobReportScope.FAILED_TASKS_ONLY)
                        .build())
                .build();
    }

    /** Creates the job; a retry with the same spec sends the same token, and S3 returns the same job. */
    public BatchCopyJob create(BatchCopySpec spec) {
        String jobId = call("CreateJob", () -> client.createJob(createJobRequest(spec)).jobId());
        LOG.info("created Batch Operations job {} copying {} objects ({} bytes)", jobId, spec.objects(), spec.bytes());
        return new BatchCopyJob(jobId, spec);
    }

    /**
     * One poll. {@code Complete} yields the summary with the failed tasks from the report; {@code Failed} and
     * {@code Cancelled} throw TASK_FAILED; every other status is not done yet.
     */
    public BatchCopyStatus poll(BatchCopyJob job) {
        JobDescriptor d = call("DescribeJob", () -> client.describeJob(DescribeJobRequest.builder()
                .accountId(settings.accountId()).jobId(job.jobId()).build()).job());
        JobStatus status = d.status();
        JobProgressSummary p = d.progressSummary();
        long total = p == null || p.totalNumberOfTasks() == null ? 0 : p.totalNumberOfTasks();
        long succeeded = p == null || p.numberOfTasksSucceeded() == null ? 0 : p.numberOfTasksSucceeded();
        long failed = p == null || p.numberOfTasksFailed() == null ? 0 : p.numberOfTasksFailed();
        String statusText = d.statusAsString() == null ? "Unknown" : d.statusAsString();
        if (status == JobStatus.FAILED || status == JobStatus.CANCELLED) {
            throw ErrorCode.TASK_FAILED.exception("Batch Operations job " + job.jobId() + " is " + statusText
                    + " after " + succeeded + " of " + total + " tasks succeeded: " + d.failureReasons()
                    + (d.statusUpdateReason() == null ? "" : " (" + d.statusUpdateReason() + ")"));
        }
        if (status != JobStatus.COMPLETE) {
            LOG.debug("Batch Operations job {} is {}: {}/{} tasks succeeded, {} failed", job.jobId(), statusText,
                    succeeded, total, failed);
            return new BatchCopyStatus(job.jobId(), statusText, false, total, succeeded, failed, null);
        }
        List<CopyFailure> failures = failed > 0 ? readFailures(job) : List.of();
        long failedCount = Math.max(failed, failures.size());
        // Batch reports no per-task sizes: the planned bytes are exact when every task succeeded; with failures
        // the run fails anyway (CopyIncomplete) and the bytes of the succeeded tasks are not known, so 0.
        long bytes = failedCount == 0 ? job.spec().bytes() : 0;
        CopySummary summary = new CopySummary(succeeded, failedCount, bytes, 0, failures);
        LOG.info("Batch Operations job {} complete: {} of {} tasks succeeded, {} failed", job.jobId(), succeeded,
                total, failedCount);
        return new BatchCopyStatus(job.jobId(), statusText, true, total, succeeded, failedCount, summary);
    }

    /** The failed tasks listed by the completion report, keys relative to the plan's source root. */
    List<CopyFailure> readFailures(BatchCopyJob job) {
        BatchCopySpec spec = job.spec();
        Location reportManifest = s3(spec.reportBucket(), join(spec.reportPrefix(), "job-" + job.jobId()
                + "/manifest.json"));
        Optional<byte[]> bytes = storage.storeFor(reportManifest).get(reportManifest);
        if (bytes.isEmpty()) {
            LOG.warn("Batch Operations job {} reports failed tasks but has no completion report at {}", job.jobId(),
                    reportManifest);
            return List.of();
        }
        JsonNode manifest;
        try {
            manifest = Json.mapper().readTree(bytes.get());
        } catch (IOException e) {
            throw ErrorCode.INVALID_MANIFEST.exception("completion report " + reportManifest + " is not JSON", e);
        }
        List<CopyFailure> failures = new ArrayList<>();
        for (JsonNode result : manifest.path("Results")) {
            if (!"failed".equalsIgnoreCase(result.path("TaskExecutionStatus").asText())) {
                continue;
            }
            String bucket = result.path("Bucket").asText(spec.reportBucket());
            if (bucket.startsWith("arn:")) {
                bucket = bucket.substring(bucket.indexOf(":::") + 3);
            }
            Location file = s3(bucket, result.path("Key").asText());
            byte[] csv = storage.storeFor(file).get(file).orElseThrow(() -> ErrorCode.INVALID_MANIFEST.exception(
                    "completion report " + reportManifest + " names " + file + ", which does not exist"));
            for (String line : new String(csv, StandardCharsets.UTF_8).split("\r?\n")) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = parseCsvLine(line);
                if (f.size() < 4 || !"failed".equalsIgnoreCase(f.get(3))) {
                    continue;
                }
                String key = URLDecoder.decode(f.get(1), StandardCharsets.UTF_8);
                String relative = spec.sourceRootKey().isEmpty() ? key
                        : key.startsWith(spec.sourceRootKey() + "/") ? key.substring(spec.sourceRootKey().length() + 1)
                        : key;
                String code = f.size() > 4 ? f.get(4) : "";
                int http = f.size() > 5 ? parseInt(f.get(5)) : 0;
                String message = f.size() > 6 ? f.get(6) : "";
                failures.add(new CopyFailure(relative, errorCode(http, code),
                        "Batch Operations: " + code + (http > 0 ? " (HTTP " + http + ")" : "") + " " + message));
            }
        }
        failures.sort((a, b) -> a.key().compareTo(b.key()));
        return failures;
    }

    /** The core code of a failed task, by HTTP status (and S3 error code). */
    static ErrorCode errorCode(int http, String code) {
        if (http == 503 || http == 429 || "SlowDown".equals(code)) {
            return ErrorCode.THROTTLED;
        }
        if (http >= 500) {
            return ErrorCode.UNAVAILABLE;
        }
        if (http == 403) {
            return ErrorCode.UNAUTHORIZED;
        }
        if (http == 404) {
            return ErrorCode.NOT_FOUND;
        }
        return ErrorCode.INTERNAL;
    }

    /** One CSV record: fields separated by commas, optionally double-quoted with {@code ""} as an escaped quote. */
    static List<String> parseCsvLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        fields.add(cur.toString());
        return fields;
    }

    private <T> T call(String operation, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkServiceException e) {
            int status = e.statusCode();
            String message = "S3 Control " + operation + " failed: HTTP " + status + " " + e.getMessage();
            if (e.isThrottlingException() || status == 429 || status == 503) {
                throw ErrorCode.THROTTLED.exception(message, e);
            }
            if (status >= 500) {
                throw ErrorCode.UNAVAILABLE.exception(message, e);
            }
            if (status == 401 || status == 403) {
                throw ErrorCode.UNAUTHORIZED.exception(message, e);
            }
            if (status == 404) {
                throw ErrorCode.NOT_FOUND.exception(message, e);
            }
            if (status == 409) {
                throw ErrorCode.CONFLICT.exception(message, e);
            }
            throw ErrorCode.INVALID_INPUT.exception(message, e);
        } catch (SdkClientException e) {
            throw ErrorCode.UNAVAILABLE.exception("S3 Control " + operation + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw ErrorCode.INTERNAL.exception("S3 Control " + operation + " failed: " + e.getMessage(), e);
        }
    }

    private String bucketArn(String bucket) {
        return "arn:" + partition + ":s3:::" + bucket;
    }

    static String partition(String region) {
        if (region == null) {
            return "aws";
        }
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    private static Location s3(String bucket, String key) {
        return new Location(Location.Scheme.S3, bucket, "", key);
    }

    private static String join(String prefix, String rest) {
        return prefix == null || prefix.isEmpty() ? rest : prefix.endsWith("/") ? prefix + rest : prefix + "/" + rest;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

}

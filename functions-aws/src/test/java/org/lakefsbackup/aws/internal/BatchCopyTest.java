package org.lakefsbackup.aws.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lakefsbackup.aws.AwsFixture;
import org.lakefsbackup.aws.AwsFunctionConfig;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.LakeFsSecret;
import org.lakefsbackup.aws.Metrics;
import org.lakefsbackup.aws.handler.BatchCopySpec;
import org.lakefsbackup.aws.handler.CopyResults;
import org.lakefsbackup.aws.handler.StepFunctionHandler;
import org.lakefsbackup.core.config.Env;
import org.lakefsbackup.aws.handler.PlanOutput;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopySummary;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.model.CopyItem;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.JsonLinesChunks;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import org.w3c.dom.Document;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3control.S3ControlClient;

/**
 * The S3 Batch Operations copy path: the manifest and the remainder plan against the embedded S3 server, the
 * CreateJob request and the DescribeJob polling against a WireMock stub of S3 Control, and the failed tasks of a
 * completion report (written to the embedded S3 server) coming back as data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchCopyTest {
    static final String ACCOUNT = "123456789012";
    static final String ROLE = "arn:aws:iam::123456789012:role/lakefs-backup-batch";
    static final long GIB = 1024L * 1024 * 1024;

    EmbeddedS3 s3;
    Storage storage;
    WireMockServer control;
    FunctionServices services;
    final List<String> controlHosts = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() {
        System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);
        s3 = EmbeddedS3.start();
        s3.createBucket("source");
        s3.createBucket("backups");
        storage = Storage.of(s3.newStore());
        control = new WireMockServer(wireMockConfig().dynamicPort());
        control.start();
        Map<String, String> env = new HashMap<>();
        env.put(AwsFunctionConfig.STEPS, "create-batch-copy-job,poll-batch-copy-job,summarize-copy");
        env.put(AwsFunctionConfig.LAKEFS_SECRET_ARN, "arn:aws:secretsmanager:us-east-1:123456789012:secret:x");
        env.put(Env.S3_ENDPOINT, s3.endpoint().toString());
        env.put(Env.S3_PATH_STYLE, "true");
        env.put(Env.S3_REGION, EmbeddedS3.REGION);
        env.put(Env.CHUNK_SIZE, "2");
        env.put(AwsFunctionConfig.BATCH_THRESHOLD, "2");
        env.put(AwsFunctionConfig.BATCH_ROLE_ARN, ROLE);
        env.put(AwsFunctionConfig.ACCOUNT_ID, ACCOUNT);
        env.put(AwsFunctionConfig.BATCH_PRIORITY, "42");
        env.put(AwsFunctionConfig.S3CONTROL_ENDPOINT, "http://localhost:" + control.port());
        AwsFunctionConfig config = AwsFunctionConfig.fromEnvironment(env);
        services = new FunctionServices(config, storage, () -> new LakeFsSecret("k", "s", null), SdkLakeFsClient::new,
                Clock.systemUTC(), new Metrics("Test", new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), Clock.systemUTC()), c -> controlClient(c));
    }

    /**
     * The production client plus one test-only interceptor: S3 Control puts the account id in front of the host
     * ({@code 123456789012.localhost}), which does not resolve here, so the request is sent to 127.0.0.1 and the
     * host it was addressed to is recorded.
     */
    S3ControlClient controlClient(AwsFunctionConfig c) {
        return S3ControlClient.builder().httpClientBuilder(ApacheHttpClient.builder())
                .region(Region.of(c.shared().s3Region()))
                .endpointOverride(c.batch().endpoint())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context,
                                                            ExecutionAttributes attributes) {
                        controlHosts.add(context.httpRequest().host());
                        return context.httpRequest().toBuilder().host("127.0.0.1").build();
                    }
                }))
                .build();
    }

    @BeforeEach
    void reset() {
        control.resetAll();
        controlHosts.clear();
    }

    @AfterAll
    void stop() {
        services.close();
        control.stop();
        s3.close();
    }

    /** A backup plan of a namespace at the root of bucket {@code source} with faked sizes (nothing is that big). */
    CopyPlan plan(String run, String namespace, List<CopyItem> items) {
        Location prefix = Location.parse("s3://backups/lakefs/repo/runs/" + run + "/plan");
        try (var w = new JsonLinesChunks.Writer<>(storage, prefix, 2, CopyItem.class)) {
            items.forEach(w::add);
            w.close();
            long bytes = items.stream().mapToLong(CopyItem::size).sum();
            return new CopyPlan(namespace, "s3://backups/lakefs/repo", prefix.toString(), w.chunks(), items.size() + 1,
                    bytes + 1, items.size(), bytes, 1);
        }
    }

    Location run(String run) {
        return Location.parse("s3://backups/lakefs/repo/runs/" + run);
    }

    static List<CopyItem> items() {
        return List.of(
                new CopyItem("data/a b+c", "objects/data/a b+c", 10, "0123456789abcdef0123456789abcdef"),
                new CopyItem("data/big", "objects/data/big", 6 * GIB, "e-1"),
                new CopyItem("data/exactly-5-gib", "objects/data/exactly-5-gib", 5 * GIB, "e-2"),
                new CopyItem("_lakefs/refs.json", "mutable/_lakefs/refs.json/v-abc", 5, "abc"),
                new CopyItem("data/ü/x", "objects/data/ü/x", 7, "e-3"));
    }

    @Test
    void thePlanStepWritesACsvManifestOfWhatBatchCanCopyAndKeepsTheRestForTheMap() {
        PlanOutput out = CopyItems.publish(services, run("r1"), plan("r1", "s3://source", items()));

        assertThat(out.batch()).isTrue();
        BatchCopySpec spec = out.batchCopy();
        String manifest = new String(storage.storeFor(run("r1")).get(run("r1").resolve(BatchCopySplit.MANIFEST))
                .orElseThrow(), StandardCharsets.UTF_8);
        assertThat(manifest).isEqualTo("source,data/a%20b%2Bc\nsource,data/exactly-5-gib\nsource,data/%C3%BC/x\n");
        assertThat(spec.manifestBucket()).isEqualTo("backups");
        assertThat(spec.manifestKey()).isEqualTo("lakefs/repo/runs/r1/batch/manifest.csv");
        assertThat(spec.manifestEtag()).isEqualTo(storage.storeFor(run("r1")).head(run("r1")
                .resolve(BatchCopySplit.MANIFEST)).orElseThrow().etag().replace("\"", ""));
        assertThat(spec.targetBucket()).isEqualTo("backups");
        assertThat(spec.targetKeyPrefix()).isEqualTo("lakefs/repo/objects/");
        assertThat(spec.objects()).isEqualTo(3);
        assertThat(spec.bytes()).isEqualTo(10 + 5 * GIB + 7);
        assertThat(spec.reportPrefix()).isEqualTo("lakefs/repo/runs/r1/batch/report");
        assertThat(spec.clientRequestToken()).startsWith("lakefs-backup-").hasSizeLessThanOrEqualTo(64);

        CopyPlan rest = out.plan();
        assertThat(rest.planPrefix()).isEqualTo("s3://backups/lakefs/repo/runs/r1/plan-map");
        assertThat(rest.copyObjects()).isEqualTo(2);
        assertThat(rest.copyBytes()).isEqualTo(6 * GIB + 5);
        assertThat(rest.skippedObjects()).as("the plan's one skipped object and the 3 Batch copies").isEqualTo(4);
        List<CopyItem> mapItems = JsonLinesChunks.stream(storage, Location.parse(rest.planPrefix()), rest.chunks(),
                CopyItem.class).toList();
        assertThat(mapItems).extracting(CopyItem::source).containsExactly("data/big", "_lakefs/refs.json");
        JsonNode itemsFile = read(out.itemsBucket(), out.itemsKey());
        assertThat(itemsFile).hasSize(rest.chunks());
    }

    @Test
    void aNamespaceUnderAPrefixCannotBeCopiedByBatchSoEverythingStaysWithTheMap() {
        CopyPlan plan = plan("r2", "s3://source/ns", items());
        PlanOutput out = CopyItems.publish(services, run("r2"), plan);

        assertThat(out.batch()).isFalse();
        assertThat(out.batchCopy()).isNull();
        assertThat(out.plan()).isEqualTo(plan);
        assertThat(storage.storeFor(run("r2")).head(run("r2").resolve(BatchCopySplit.MANIFEST))).isEmpty();
    }

    @Test
    void aRestoreMappingNeverGoesThroughBatch() {
        assertThat(BatchCopySplit.targetKeyPrefix("lakefs/repo/objects/data/x", "ns/data/x", "backups", "data"))
                .isNull();
        assertThat(BatchCopySplit.targetKeyPrefix("data/x", "lakefs/repo/objects/data/x", "src", "backups"))
                .isEqualTo("lakefs/repo/objects/");
        assertThat(BatchCopySplit.targetKeyPrefix("data/x", "lakefsdata/x", "src", "backups"))
                .as("a prefix not ending in / is not used").isNull();
        assertThat(BatchCopySplit.targetKeyPrefix("data/x", "data/x", "b", "b")).as("onto itself").isNull();
    }

    @Test
    void aPlanAtOrBelowTheThresholdIsNotFlagged() {
        PlanOutput out = CopyItems.publish(services, run("r3"), plan("r3", "s3://source", items().subList(0, 2)));
        assertThat(out.batch()).isFalse();
    }

    @Test
    void createJobSendsTheExactCopyJobRequestAndPollingFollowsTheJobToCompletion() throws Exception {
        PlanOutput out = CopyItems.publish(services, run("r4"), plan("r4", "s3://source", items()));
        BatchCopySpec spec = out.batchCopy();
        control.stubFor(post(urlPathEqualTo("/v20180820/jobs")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/xml")
                .withBody("<CreateJobResult><JobId>job-r4</JobId></CreateJobResult>")));
        stubDescribe("job-r4", Scenario.STARTED, "p1", "Preparing", 0, 0, 0);
        stubDescribe("job-r4", "p1", "p2", "Active", 3, 1, 0);
        stubDescribe("job-r4", "p2", "p3", "Complete", 3, 3, 0);

        JsonNode job = AwsFixture.invoke(new StepFunctionHandler(services), "create-batch-copy-job", "exec-4", spec);
        assertThat(job.get("job_id").asText()).isEqualTo("job-r4");
        assertThat(controlHosts).containsExactly(ACCOUNT + ".localhost");

        var requests = control.findAll(postRequestedFor(urlPathEqualTo("/v20180820/jobs")));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getHeader("x-amz-account-id")).isEqualTo(ACCOUNT);
        Document body = xml(requests.get(0).getBodyAsString());
        assertThat(x(body, "/CreateJobRequest/ConfirmationRequired")).isEqualTo("false");
        assertThat(x(body, "/CreateJobRequest/ClientRequestToken")).isEqualTo(spec.clientRequestToken());
        assertThat(x(body, "/CreateJobRequest/Priority")).isEqualTo("42");
        assertThat(x(body, "/CreateJobRequest/RoleArn")).isEqualTo(ROLE);
        assertThat(x(body, "/CreateJobRequest/Operation/S3PutObjectCopy/TargetResource"))
                .isEqualTo("arn:aws:s3:::backups");
        assertThat(x(body, "/CreateJobRequest/Operation/S3PutObjectCopy/TargetKeyPrefix"))
                .isEqualTo("lakefs/repo/objects/");
        assertThat(x(body, "/CreateJobRequest/Operation/S3PutObjectCopy/MetadataDirective")).isEqualTo("COPY");
        assertThat(x(body, "count(/CreateJobRequest/Operation/*)")).isEqualTo("1");
        assertThat(x(body, "/CreateJobRequest/Manifest/Spec/Format")).isEqualTo("S3BatchOperations_CSV_20180820");
        assertThat(x(body, "/CreateJobRequest/Manifest/Spec/Fields/member[1]")).isEqualTo("Bucket");
        assertThat(x(body, "/CreateJobRequest/Manifest/Spec/Fields/member[2]")).isEqualTo("Key");
        assertThat(x(body, "count(/CreateJobRequest/Manifest/Spec/Fields/member)")).isEqualTo("2");
        assertThat(x(body, "/CreateJobRequest/Manifest/Location/ObjectArn"))
                .isEqualTo("arn:aws:s3:::backups/lakefs/repo/runs/r4/batch/manifest.csv");
        assertThat(x(body, "/CreateJobRequest/Manifest/Location/ETag")).isEqualTo(spec.manifestEtag());
        assertThat(x(body, "/CreateJobRequest/Report/Bucket")).isEqualTo("arn:aws:s3:::backups");
        assertThat(x(body, "/CreateJobRequest/Report/Prefix")).isEqualTo("lakefs/repo/runs/r4/batch/report");
        assertThat(x(body, "/CreateJobRequest/Report/Format")).isEqualTo("Report_CSV_20180820");
        assertThat(x(body, "/CreateJobRequest/Report/Enabled")).isEqualTo("true");
        assertThat(x(body, "/CreateJobRequest/Report/ReportScope")).isEqualTo("FailedTasksOnly");

        StepFunctionHandler poll = new StepFunctionHandler(services);
        JsonNode p1 = AwsFixture.invoke(poll, "poll-batch-copy-job", "exec-4", job);
        assertThat(p1.get("status").asText()).isEqualTo("Preparing");
        assertThat(p1.get("done").asBoolean()).isFalse();
        JsonNode p2 = AwsFixture.invoke(poll, "poll-batch-copy-job", "exec-4", job);
        assertThat(p2.get("status").asText()).isEqualTo("Active");
        assertThat(p2.get("succeeded").asLong()).isEqualTo(1);
        assertThat(p2.get("done").asBoolean()).isFalse();
        JsonNode p3 = AwsFixture.invoke(poll, "poll-batch-copy-job", "exec-4", job);
        assertThat(p3.get("done").asBoolean()).isTrue();
        CopySummary summary = Json.mapper().treeToValue(p3.get("summary"), CopySummary.class);
        assertThat(summary.copied()).isEqualTo(3);
        assertThat(summary.failed()).isZero();
        assertThat(summary.bytesCopied()).isEqualTo(spec.bytes());
        assertThat(control.findAll(getRequestedFor(urlPathEqualTo("/v20180820/jobs/job-r4")))).hasSize(3)
                .allSatisfy(r -> assertThat(r.getHeader("x-amz-account-id")).isEqualTo(ACCOUNT));
    }

    @Test
    void failedTasksOfTheCompletionReportComeBackAsDataAndFailTheSummary() throws Exception {
        PlanOutput out = CopyItems.publish(services, run("r5"), plan("r5", "s3://source", items()));
        BatchCopySpec spec = out.batchCopy();
        String reportDir = spec.reportPrefix() + "/job-job-r5";
        put(reportDir + "/manifest.json", """
                {"Format":"Report_CSV_20180820","ReportCreationDate":"2026-01-05T17:48:39.725Z",
                 "Results":[{"TaskExecutionStatus":"failed","Bucket":"backups","MD5Checksum":"x",
                             "Key":"%s/results/f1.csv"}],
                 "ReportSchema":"Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage"}
                """.formatted(reportDir));
        put(reportDir + "/results/f1.csv", "source,data/a%20b%2Bc,,failed,AccessDenied,403,\"Access Denied, really\"\n"
                + "source,data/%C3%BC/x,,failed,SlowDown,503,Please reduce your request rate.\n");
        control.stubFor(get(urlPathEqualTo("/v20180820/jobs/job-r5")).willReturn(describe("job-r5", "Complete", 3,
                1, 2)));

        JsonNode status = AwsFixture.invoke(new StepFunctionHandler(services), "poll-batch-copy-job", "exec-5",
                Map.of("job_id", "job-r5", "spec", spec));

        assertThat(status.get("done").asBoolean()).isTrue();
        CopySummary summary = Json.mapper().treeToValue(status.get("summary"), CopySummary.class);
        assertThat(summary.copied()).isEqualTo(1);
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(summary.failures()).extracting(f -> f.key()).containsExactly("data/a b+c", "data/ü/x");
        assertThat(summary.failures().get(0).code().name()).isEqualTo("UNAUTHORIZED");
        assertThat(summary.failures().get(0).message()).contains("AccessDenied", "403", "Access Denied, really");
        assertThat(summary.failures().get(1).code().name()).isEqualTo("THROTTLED");

        JsonNode error = invokeExpectingError("summarize-copy",
                new CopyResults(null, null, out.plan().chunks() == 0 ? out.plan() : emptyRemainder(out.plan()),
                        summary, spec.objects()));
        assertThat(error.get("errorType").asText()).isEqualTo("org.lakefsbackup.core.error.CopyIncompleteException");
        assertThat(error.get("errorMessage").asText()).contains("2 object(s)", "data/a b+c");
    }

    @Test
    void aFailedOrCancelledJobIsATypedFailure() {
        control.stubFor(get(urlPathEqualTo("/v20180820/jobs/job-r6")).willReturn(describe("job-r6", "Failed", 0, 0,
                0)));
        BatchCopySpec spec = new BatchCopySpec("backups", "m.csv", "e", "source", "", "backups", "p/", 1, 1,
                "backups", "r", "t");
        JsonNode error = invokeExpectingError("poll-batch-copy-job", Map.of("job_id", "job-r6",
                "spec", spec));
        assertThat(error.get("errorType").asText()).isEqualTo("org.lakefsbackup.core.error.TaskFailedException");
        assertThat(error.get("errorMessage").asText()).contains("job-r6", "Failed", "Reading the manifest failed");
    }

    static CopyPlan emptyRemainder(CopyPlan p) {
        return new CopyPlan(p.sourceRoot(), p.targetRoot(), p.planPrefix(), 0, p.totalObjects(), p.totalBytes(), 0, 0,
                p.inventoryChunks());
    }

    void stubDescribe(String job, String from, String to, String status, long total, long ok, long failed) {
        control.stubFor(get(urlPathEqualTo("/v20180820/jobs/" + job)).inScenario("poll-" + job)
                .whenScenarioStateIs(from).willSetStateTo(to).willReturn(describe(job, status, total, ok, failed)));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder describe(String job, String status,
                                                                                    long total, long ok, long failed) {
        String reasons = status.equals("Failed") ? "<FailureReasons><member><FailureCode>ManifestError</FailureCode>"
                + "<FailureReason>Reading the manifest failed</FailureReason></member></FailureReasons>" : "";
        return aResponse().withStatus(200).withHeader("Content-Type", "application/xml").withBody(
                "<DescribeJobResult><Job><JobId>" + job + "</JobId><Status>" + status + "</Status>" + reasons
                        + "<ProgressSummary><TotalNumberOfTasks>" + total + "</TotalNumberOfTasks>"
                        + "<NumberOfTasksSucceeded>" + ok + "</NumberOfTasksSucceeded><NumberOfTasksFailed>" + failed
                        + "</NumberOfTasksFailed></ProgressSummary></Job></DescribeJobResult>");
    }

    JsonNode invokeExpectingError(String step, Object input) {
        try {
            AwsFixture.invoke(new StepFunctionHandler(services), step, "exec-err", input);
        } catch (org.lakefsbackup.core.error.LakeFsBackupException e) {
            return Json.mapper().createObjectNode().put("errorType", e.getClass().getName())
                    .put("errorMessage", e.getMessage());
        }
        throw new AssertionError("expected " + step + " to fail");
    }

    void put(String key, String content) {
        Location l = new Location(Location.Scheme.S3, "backups", "", key);
        storage.storeFor(l).put(l, content.getBytes(StandardCharsets.UTF_8));
    }

    JsonNode read(String bucket, String key) {
        Location l = new Location(Location.Scheme.S3, bucket, "", key);
        try {
            return Json.mapper().readTree(storage.storeFor(l).get(l).orElseThrow());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Document xml(String body) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    static String x(Document doc, String path) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(path, doc);
    }

}

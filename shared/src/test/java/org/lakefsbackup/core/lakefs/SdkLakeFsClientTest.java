package org.lakefsbackup.core.lakefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lakefs.StubLakeFs.Reply;

class SdkLakeFsClientTest {
    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";
    private static final String C = "c".repeat(64);
    private static final String T = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String REPO_JSON = """
            {"id":"repo1","creation_date":1700000000,"default_branch":"main","storage_id":"",
             "storage_namespace":"s3://bucket/repo1","read_only":false}""";

    private StubLakeFs stub;
    private SdkLakeFsClient client;

    @BeforeEach
    void start() throws IOException {
        stub = new StubLakeFs();
        client = new SdkLakeFsClient(new LakeFsConfig(stub.endpoint(), KEY_ID, SECRET));
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    @Test
    void sendsBasicAuthUnderApiV1AndMapsTheRepository() {
        stub.on("GET", "/repositories/repo1", 200, REPO_JSON);

        RepositoryInfo repo = client.getRepository("repo1").orElseThrow();

        assertThat(repo).isEqualTo(new RepositoryInfo("repo1", "s3://bucket/repo1", "main", "", false, 1700000000L));
        StubLakeFs.Request request = stub.lastRequest();
        assertThat(request.path()).isEqualTo("/api/v1/repositories/repo1");
        String expected = Base64.getEncoder().encodeToString((KEY_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        assertThat(request.authorization()).isEqualTo("Basic " + expected);
    }

    @Test
    void endpointHasNoCredentials() {
        assertThat(client.endpoint()).isEqualTo(stub.endpoint().toString()).doesNotContain(SECRET, KEY_ID);
        assertThat(client.toString()).doesNotContain(SECRET);
    }

    @Test
    void missingRepositoryIsEmpty() {
        stub.on("GET", "/repositories/nope", 404, "{\"message\":\"repository not found\"}");

        assertThat(client.getRepository("nope")).isEmpty();
    }

    @Test
    void listingFetchesPagesOnlyAsTheyAreConsumed() {
        stub.on("GET", "/repositories/repo1/branches", request -> {
            String after = request.param("after");
            if (after == null) {
                return Reply.json(200, refPage(true, "b", "a", "b"));
            } else if (after.equals("b")) {
                return Reply.json(200, refPage(true, "d", "c", "d"));
            }
            return Reply.json(200, refPage(false, "", "e"));
        });

        Stream<NamedRef> branches = client.listBranches("repo1", true);
        assertThat(stub.requests()).isEmpty();
        Iterator<NamedRef> it = branches.iterator();

        assertThat(it.next().name()).isEqualTo("a");
        assertThat(stub.requests()).hasSize(1);
        assertThat(it.next().name()).isEqualTo("b");
        assertThat(stub.requests()).hasSize(1);
        assertThat(it.next().name()).isEqualTo("c");
        assertThat(stub.requests()).hasSize(2);
        assertThat(it.next().name()).isEqualTo("d");
        assertThat(it.next()).isEqualTo(new NamedRef("e", "commit-e"));
        assertThat(stub.requests()).hasSize(3);
        assertThat(it.hasNext()).isFalse();
        assertThat(stub.requests()).hasSize(3);

        assertThat(stub.requests()).extracting(r -> r.param("after")).containsExactly(null, "b", "d");
        assertThat(stub.requests()).allSatisfy(r -> {
            assertThat(r.param("amount")).isEqualTo("1000");
            assertThat(r.param("show_hidden")).isEqualTo("true");
        });
    }

    @Test
    void listsRepositoriesAcrossPages() {
        stub.on("GET", "/repositories", request -> Reply.json(200, request.param("after") == null
                ? "{\"pagination\":{\"has_more\":true,\"next_offset\":\"repo1\",\"results\":1,\"max_per_page\":1},"
                        + "\"results\":[" + REPO_JSON + "]}"
                : "{\"pagination\":{\"has_more\":false,\"next_offset\":\"\",\"results\":1,\"max_per_page\":1},"
                        + "\"results\":[" + REPO_JSON.replace("repo1", "repo2").replace("false", "true") + "]}"));

        assertThat(client.listRepositories().toList()).containsExactly(
                new RepositoryInfo("repo1", "s3://bucket/repo1", "main", "", false, 1700000000L),
                new RepositoryInfo("repo2", "s3://bucket/repo2", "main", "", true, 1700000000L));
        assertThat(stub.requests()).extracting(r -> r.param("after")).containsExactly(null, "repo1");
    }

    @Test
    void aPageThatSaysMoreWithoutAnOffsetIsAnError() {
        stub.on("GET", "/repositories/repo1/tags", 200, refPage(true, "", "v1"));

        assertThatThrownBy(() -> client.listTags("repo1").toList())
                .isInstanceOf(LakeFsBackupException.class)
                .satisfies(e -> assertThat(((LakeFsBackupException) e).code()).isEqualTo(ErrorCode.INTERNAL))
                .hasMessageContaining("next_offset");
    }

    @Test
    void listsCommitsAndObjectsAcrossPages() {
        stub.on("GET", "/repositories/repo1/refs/main/commits", request -> Reply.json(200, request.param("after") == null
                ? """
                {"pagination":{"has_more":true,"next_offset":"c2","results":1,"max_per_page":1000},
                 "results":[{"id":"c2","parents":["c1"],"committer":"me","message":"second","creation_date":2,
                             "meta_range_id":"m2","metadata":{"k":"v"},"generation":2}]}"""
                : """
                {"pagination":{"has_more":false,"next_offset":"","results":1,"max_per_page":1000},
                 "results":[{"id":"c1","parents":[],"committer":"me","message":"first","creation_date":1,
                             "meta_range_id":"m1","generation":1}]}"""));
        stub.on("GET", "/repositories/repo1/refs/main/objects/ls", 200, """
                {"pagination":{"has_more":false,"next_offset":"","results":1,"max_per_page":1000},
                 "results":[{"path":"a/b.txt","path_type":"object","physical_address":"data/x/y","checksum":"abc",
                             "size_bytes":12,"mtime":1}]}""");

        assertThat(client.logCommits("repo1", "main").toList()).containsExactly(
                new CommitInfo("c2", List.of("c1"), "me", "second", 2, "m2", Map.of("k", "v"), 2),
                new CommitInfo("c1", List.of(), "me", "first", 1, "m1", Map.of(), 1));
        assertThat(client.listObjects("repo1", "main").toList())
                .containsExactly(new ObjectEntry("a/b.txt", 12, "abc", "data/x/y"));
    }

    @Test
    void deletingARepositoryThatIsAlreadyGoneSucceeds() {
        stub.on("DELETE", "/repositories/repo1", 404, "{\"message\":\"repository not found\"}");
        client.deleteRepository("repo1", true);
        stub.on("DELETE", "/repositories/repo1", 500, "{\"message\":\"boom\"}");
        assertThatThrownBy(() -> client.deleteRepository("repo1", true))
                .isInstanceOf(ErrorCode.UNAVAILABLE.exceptionClass());
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
            "400, INVALID_INPUT", "401, UNAUTHORIZED", "403, UNAUTHORIZED", "404, NOT_FOUND", "409, CONFLICT",
            "410, NOT_FOUND", "412, CONFLICT", "429, THROTTLED", "500, UNAVAILABLE", "502, UNAVAILABLE",
            "503, THROTTLED"})
    void mapsHttpStatusesToErrorCodesWithLakeFsMessage(int status, ErrorCode expected) {
        stub.on("GET", "/repositories/repo1/metadata", status, "{\"message\":\"lakeFS says " + status + "\"}");

        assertThatThrownBy(() -> client.getRepositoryMetadata("repo1"))
                .isInstanceOf(expected.exceptionClass())
                .hasMessageContaining("get metadata of 'repo1'")
                .hasMessageContaining("lakeFS says " + status)
                .hasMessageContaining("HTTP " + status)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void forbiddenCommitIsRejected() {
        stub.on("POST", "/repositories/repo1/branches/main/commits", 403,
                "{\"message\":\"cannot write to protected branch\"}");

        assertThatThrownBy(() -> client.commit("repo1", "main", "msg", Map.of()))
                .isInstanceOf(ErrorCode.COMMIT_REJECTED.exceptionClass())
                .hasMessageContaining("protected")
                .hasMessageContaining("cannot write to protected branch");
    }

    @Test
    void preconditionFailedCommitIsAHookRejection() {
        stub.on("POST", "/repositories/repo1/branches/main/commits", 412,
                "{\"message\":\"hook run id '1' failed on action 'check'\"}");

        assertThatThrownBy(() -> client.commit("repo1", "main", "msg", Map.of()))
                .isInstanceOf(ErrorCode.COMMIT_REJECTED.exceptionClass())
                .hasMessageContaining("pre-commit hook")
                .hasMessageContaining("failed on action 'check'");
    }

    @Test
    void unknownTaskIsLost() {
        stub.on("GET", "/repositories/repo1/dump", 404, "{\"message\":\"not found\"}");

        assertThatThrownBy(() -> client.dumpStatus("repo1", "DRabc"))
                .isInstanceOf(ErrorCode.TASK_LOST.exceptionClass())
                .hasMessageContaining("DRabc")
                .hasMessageContaining("unknown to the server")
                .hasMessageContaining("resubmit");
    }

    @Test
    void nonJsonErrorBodyIsQuoted() {
        stub.on("GET", "/repositories/repo1/tags", request -> new Reply(502, "text/html", "<html>Bad gateway</html>"));

        assertThatThrownBy(() -> client.listTags("repo1").findFirst())
                .isInstanceOf(ErrorCode.UNAVAILABLE.exceptionClass())
                .hasMessageContaining("<html>Bad gateway</html>");
    }

    @Test
    void unreachableServerIsUnavailableAndNamesTheEndpoint() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/api/v1");
        try (SdkLakeFsClient offline = new SdkLakeFsClient(new LakeFsConfig(closed, KEY_ID, SECRET))) {
            assertThatThrownBy(() -> offline.getRepository("repo1"))
                    .isInstanceOf(ErrorCode.UNAVAILABLE.exceptionClass())
                    .hasMessageStartingWith("lakeFS is unreachable at " + closed + ": ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET))
                    .satisfies(e -> assertThat(((LakeFsBackupException) e).retryable()).isTrue());
        }
    }

    @Test
    void failedDumpIgnoresPartialRefs() {
        stub.on("GET", "/repositories/repo1/dump", 200, """
                {"id":"DRtask","done":true,"update_time":"2025-03-01T10:00:05.123456789Z",
                 "error":"dump branches: boom","refs":{"commits_meta_range_id":"%s","tags_meta_range_id":"",
                 "branches_meta_range_id":""}}""".formatted(C));

        TaskStatus status = client.dumpStatus("repo1", "DRtask");

        assertThat(status.failed()).isTrue();
        assertThat(status.error()).isEqualTo("dump branches: boom");
        assertThat(status.refs()).isNull();
        assertThat(status.updateTime()).isEqualTo(Instant.parse("2025-03-01T10:00:05.123456789Z"));
        assertThat(stub.lastRequest().param("task_id")).isEqualTo("DRtask");
    }

    @Test
    void finishedDumpCarriesRefs() {
        stub.on("GET", "/repositories/repo1/dump", 200, """
                {"id":"DRtask","done":true,"update_time":"2025-03-01T10:00:05+02:00",
                 "refs":{"commits_meta_range_id":"%s","tags_meta_range_id":"%s","branches_meta_range_id":"%s"}}"""
                .formatted(C, T, B));

        TaskStatus status = client.dumpStatus("repo1", "DRtask");

        assertThat(status.succeeded()).isTrue();
        assertThat(status.refs()).isEqualTo(new MetaRangeIds(C, T, B));
        assertThat(status.updateTime()).isEqualTo(Instant.parse("2025-03-01T08:00:05Z"));
    }

    @Test
    void runningDumpHasNoRefs() {
        stub.on("GET", "/repositories/repo1/dump", 200,
                "{\"id\":\"DRtask\",\"done\":false,\"update_time\":\"2025-03-01T10:00:00Z\"}");

        TaskStatus status = client.dumpStatus("repo1", "DRtask");

        assertThat(status.done()).isFalse();
        assertThat(status.refs()).isNull();
    }

    @Test
    void submitsDumpAndRestore() {
        stub.on("POST", "/repositories/repo1/dump", 202, "{\"id\":\"DR12345678901234567890\"}");
        stub.on("POST", "/repositories/repo2/restore", 202, "{\"id\":\"RR12345678901234567890\"}");
        stub.on("GET", "/repositories/repo2/restore", 200,
                "{\"id\":\"RR12345678901234567890\",\"done\":true,\"update_time\":\"2025-03-01T10:00:00Z\"}");

        assertThat(client.submitDump("repo1")).isEqualTo("DR12345678901234567890");
        assertThat(client.submitRestore("repo2", new MetaRangeIds(C, T, B), true)).isEqualTo("RR12345678901234567890");
        assertThat(stub.lastRequest().body()).contains("\"commits_meta_range_id\":\"" + C + "\"",
                "\"tags_meta_range_id\":\"" + T + "\"", "\"branches_meta_range_id\":\"" + B + "\"", "\"force\":true");
        TaskStatus restored = client.restoreStatus("repo2", "RR12345678901234567890");
        assertThat(restored.succeeded()).isTrue();
        assertThat(restored.refs()).isNull();
    }

    @Test
    void syncDumpAndRestoreUseTheInternalApi() {
        stub.on("PUT", "/repositories/repo1/refs/dump", 201, """
                {"commits_meta_range_id":"%s","tags_meta_range_id":"%s","branches_meta_range_id":"%s"}"""
                .formatted(C, T, B));
        stub.on("PUT", "/repositories/repo2/refs/restore", 200, "");

        assertThat(client.dumpRefsSync("repo1")).isEqualTo(new MetaRangeIds(C, T, B));
        client.restoreRefsSync("repo2", new MetaRangeIds(C, T, B), false);
        assertThat(stub.lastRequest().body()).contains(C, T, B, "\"force\":false");
    }

    @Test
    void createsBareRepositoryWithoutEmptyStorageId() {
        stub.on("POST", "/repositories", 201, """
                {"id":"repo2","creation_date":1,"default_branch":"dev","storage_id":"","storage_namespace":"s3://b/r2"}""");

        RepositoryInfo created = client.createBareRepository("repo2", "s3://b/r2", "dev", "", false);

        assertThat(created).isEqualTo(new RepositoryInfo("repo2", "s3://b/r2", "dev", "", false, 1));
        assertThat(stub.lastRequest().param("bare")).isEqualTo("true");
        assertThat(stub.lastRequest().body()).contains("\"name\":\"repo2\"", "\"storage_namespace\":\"s3://b/r2\"",
                "\"default_branch\":\"dev\"").doesNotContain("storage_id");

        client.createBareRepository("repo2", "s3://b/r2", "dev", "store-a", false);
        assertThat(stub.lastRequest().body()).contains("\"storage_id\":\"store-a\"");
    }

    @Test
    void deletesWithForce() {
        stub.on("DELETE", "/repositories/repo1", request -> new Reply(204, null, null));

        client.deleteRepository("repo1", true);

        assertThat(stub.lastRequest().param("force")).isEqualTo("true");
    }

    @Test
    void uncommittedChangesReadOnePageOfTheBranchDiff() {
        stub.on("GET", "/repositories/repo1/branches/main/diff", 200, """
                {"pagination":{"has_more":true,"next_offset":"b","results":2,"max_per_page":1000},
                 "results":[{"type":"added","path":"a","path_type":"object"},
                            {"type":"removed","path":"b","path_type":"object"}]}""");

        UncommittedChanges changes = client.uncommittedChanges("repo1", "main", 2);

        assertThat(changes).isEqualTo(new UncommittedChanges("main", List.of("a", "b"), true));
        assertThat(stub.lastRequest().param("amount")).isEqualTo("2");
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void commitsWithMessageAndMetadata() {
        stub.on("POST", "/repositories/repo1/branches/main/commits", 201, """
                {"id":"c9","parents":["c8"],"committer":"admin","message":"Committed changes for dump",
                 "creation_date":5,"meta_range_id":"m9","metadata":{"dump":"now"},"generation":9}""");

        CommitInfo commit = client.commit("repo1", "main", "Committed changes for dump", Map.of("dump", "now"));

        assertThat(commit.id()).isEqualTo("c9");
        assertThat(commit.generation()).isEqualTo(9);
        assertThat(stub.lastRequest().body()).contains("\"message\":\"Committed changes for dump\"",
                "\"metadata\":{\"dump\":\"now\"}");
    }

    @Test
    void protectionRulesAndMetadataRoundTrip() {
        stub.on("GET", "/repositories/repo1/settings/branch_protection", 200,
                "[{\"pattern\":\"main\"},{\"pattern\":\"release-*\"}]");
        stub.on("PUT", "/repositories/repo2/settings/branch_protection", request -> new Reply(204, null, null));
        stub.on("GET", "/repositories/repo1/metadata", 200, "{\"owner\":\"team-a\"}");
        stub.on("POST", "/repositories/repo2/metadata", request -> new Reply(204, null, null));

        assertThat(client.getBranchProtectionRules("repo1")).containsExactly("main", "release-*");
        client.setBranchProtectionRules("repo2", List.of("main", "release-*"));
        assertThat(stub.lastRequest().body().replace(" ", "")).isEqualTo(
                "[{\"pattern\":\"main\"},{\"pattern\":\"release-*\"}]");
        assertThat(client.getRepositoryMetadata("repo1")).isEqualTo(Map.of("owner", "team-a"));
        client.setRepositoryMetadata("repo2", Map.of("owner", "team-a"));
        assertThat(stub.lastRequest().body()).contains("\"metadata\":{\"owner\":\"team-a\"}");
    }

    @Test
    void getObjectStreamsTheBody() throws IOException {
        stub.on("GET", "/repositories/repo1/refs/main/objects",
                request -> new Reply(200, "application/octet-stream", "hello " + request.param("path")));

        try (InputStream in = client.getObject("repo1", "main", "dir/file.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello dir/file.txt");
        }
    }

    @Test
    void getObjectOfAMissingPathIsNotFound() {
        stub.on("GET", "/repositories/repo1/refs/main/objects", 404, "{\"message\":\"path not found\"}");

        assertThatThrownBy(() -> client.getObject("repo1", "main", "nope"))
                .isInstanceOf(ErrorCode.NOT_FOUND.exceptionClass())
                .hasMessageContaining("path not found")
                .hasMessageContaining("'nope'");
    }

    @Test
    void serverInfoReadsVersionAndStorageConfig() {
        stub.on("GET", "/config", 200, """
                {"version_config":{"version":"1.53.1","latest_version":"1.60.0"},
                 "storage_config":{"blockstore_type":"s3","blockstore_namespace_ValidityRegex":"^s3://",
                                   "blockstore_namespace_example":"s3://bucket","pre_sign_support":true}}""");

        assertThat(client.serverInfo()).isEqualTo(new ServerInfo("1.53.1", "s3", "^s3://"));
    }

    @Test
    void serverInfoToleratesMissingParts() {
        stub.on("GET", "/config", 200, "{\"storage_config_list\":[{\"blockstore_type\":\"azure\"}]}");
        assertThat(client.serverInfo()).isEqualTo(new ServerInfo("unknown", "azure", ""));

        stub.on("GET", "/config", 200, "{\"version_config\":{\"version\":\"1.2.0\"}}");
        ServerInfo old = client.serverInfo();
        assertThat(old).isEqualTo(new ServerInfo("1.2.0", "", ""));
        assertThat(old.hasAsyncDumpRestore()).isFalse();
    }

    @Test
    void serverInfoErrorsAreMapped() {
        stub.on("GET", "/config", 401, "{\"message\":\"error authenticating request\"}");

        assertThatThrownBy(() -> client.serverInfo())
                .isInstanceOf(ErrorCode.UNAUTHORIZED.exceptionClass())
                .hasMessageContaining("error authenticating request");
    }

    private static String refPage(boolean hasMore, String nextOffset, String... names) {
        StringBuilder results = new StringBuilder();
        for (String name : names) {
            results.append(results.length() == 0 ? "" : ",")
                    .append("{\"id\":\"").append(name).append("\",\"commit_id\":\"commit-").append(name).append("\"}");
        }
        return "{\"pagination\":{\"has_more\":" + hasMore + ",\"next_offset\":\"" + nextOffset + "\",\"results\":"
                + names.length + ",\"max_per_page\":1000},\"results\":[" + results + "]}";
    }
}

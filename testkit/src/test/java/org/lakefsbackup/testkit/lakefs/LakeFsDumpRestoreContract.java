package org.lakefsbackup.testkit.lakefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lakefsbackup.testkit.lakefs.EmulatorFixture.failure;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.model.Commit;
import io.lakefs.clients.sdk.model.Ref;
import io.lakefs.clients.sdk.model.RefsDump;
import io.lakefs.clients.sdk.model.RefsRestore;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakefs.clients.sdk.model.RepositoryDumpStatus;
import io.lakefs.clients.sdk.model.RepositoryRestoreStatus;
import io.lakefs.clients.sdk.model.TagCreation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.Location;

/**
 * Refs dump and restore, synchronous and asynchronous: what the emulator claims about lakeFS, run against the emulator and real lakeFS (one subclass each).
 * Emulator switches (versions, task delays, lost tasks, hook failures, request counts) skip on real lakeFS.
 */
abstract class LakeFsDumpRestoreContract {
    /** A fresh lakeFS for one test. */
    abstract EmulatorFixture newFixture();

    private static final String SOURCE = "source-repo";
    private static final String SOURCE_NS = "s3://lake/source";
    private static final String COPY_NS = "s3://backup/copy";
    final EmulatorFixture fx = newFixture();
    private Commit second;

    @BeforeEach
    void setUp() throws ApiException {
        fx.createRepository(SOURCE, SOURCE_NS);
        fx.upload(SOURCE, "main", "data/a.csv", "alpha");
        fx.commit(SOURCE, "main", "first");
        fx.branches.createBranch(SOURCE, new BranchCreation().name("hidden-work").source("main").hidden(true))
                .execute();
        fx.createBranch(SOURCE, "dev", "main");
        fx.upload(SOURCE, "dev", "data/b.csv", "beta");
        second = fx.commit(SOURCE, "dev", "second");
        fx.tags.createTag(SOURCE, new TagCreation().id("v1.0").ref(second.getId())).execute();
        fx.upload(SOURCE, "main", "uncommitted.txt", "not dumped");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void asyncDumpThenRestoreOnACopiedNamespaceGivesIdenticalRefs() throws Exception {
        fx.emulator().setTaskDelay(Duration.ofMillis(300));
        String taskId = fx.repositories.dumpSubmit(SOURCE).execute().getId();
        assertThat(taskId).matches("DR[A-Za-z0-9_-]{20}");
        RepositoryDumpStatus running = fx.repositories.dumpStatus(SOURCE, taskId).execute();
        assertThat(running.getDone()).isFalse();
        assertThat(running.getRefs()).isNull();
        RepositoryDumpStatus dump = awaitDump(SOURCE, taskId);
        assertThat(dump.getError()).isNull();
        RefsDump ids = dump.getRefs();
        assertThat(List.of(ids.getCommitsMetaRangeId(), ids.getBranchesMetaRangeId(), ids.getTagsMetaRangeId()))
                .allSatisfy(id -> assertThat(fx.keys(SOURCE_NS)).contains("_lakefs/" + id));
        assertThat(fx.keys(SOURCE_NS)).doesNotContain("_lakefs/refs_manifest.json");
        assertThat(fx.repositories.dumpSubmit(SOURCE).execute().getId()).isNotEqualTo(taskId);

        int copied = fx.copyNamespace(SOURCE_NS, COPY_NS);
        assertThat(copied).isEqualTo(fx.keys(SOURCE_NS).size());
        fx.createBareRepository("restored", COPY_NS, "main");
        String restoreId = fx.repositories.restoreSubmit("restored", restoreOf(ids)).execute().getId();
        assertThat(restoreId).matches("RR[A-Za-z0-9_-]{20}");
        assertThat(fx.repositories.restoreStatus("restored", restoreId).execute().getDone()).isFalse();
        RepositoryRestoreStatus restore = awaitRestore("restored", restoreId);
        assertThat(restore.getError()).isNull();

        List<Ref> sourceBranches = fx.branches.listBranches(SOURCE).showHidden(true).execute().getResults();
        assertThat(fx.branches.listBranches("restored").execute().getResults())
                .as("hidden branches come back visible").containsExactlyElementsOf(sourceBranches);
        assertThat(fx.tags.listTags("restored").execute().getResults())
                .containsExactlyElementsOf(fx.tags.listTags(SOURCE).execute().getResults());
        for (Ref branch : sourceBranches) {
            assertThat(fx.refs.logCommits("restored", branch.getId()).execute().getResults())
                    .isEqualTo(fx.refs.logCommits(SOURCE, branch.getId()).execute().getResults());
        }
        assertThat(fx.read("restored", "v1.0", "data/b.csv")).isEqualTo("beta");
        assertThat(fx.read("restored", "main", "data/a.csv")).isEqualTo("alpha");
        assertThat(fx.objects.statObject("restored", "main", "data/a.csv").execute().getPhysicalAddress())
                .startsWith(COPY_NS + "/data/");
        assertThat(failure(() -> fx.read("restored", "main", "uncommitted.txt")).getCode())
                .as("staging is not dumped").isEqualTo(404);
        assertThat(fx.branches.diffBranch("restored", "main").execute().getResults()).isEmpty();

        ApiException again = failure(() -> fx.repositories.restoreSubmit("restored", restoreOf(ids)).execute());
        assertThat(again.getCode()).isEqualTo(400);
        assertThat(again.getResponseBody()).contains("can only restore into a bare repository");
    }

    @Test
    void restoredRepositoryWhoseNamespaceLacksDataFailsOnRead() throws Exception {
        RefsDump ids = awaitDump(SOURCE, fx.repositories.dumpSubmit(SOURCE).execute().getId()).getRefs();
        // Every _lakefs/ object (dumps and commit trees; in lakeFS a metarange and its ranges), none of data/.
        Location source = Location.parse(SOURCE_NS);
        for (String key : fx.keys(SOURCE_NS)) {
            if (key.startsWith("_lakefs/")) {
                fx.storage.copy(CopyRequest.builder(source.resolve(key), Location.parse(COPY_NS).resolve(key)).expectedSize(-1).build());
            }
        }
        fx.createBareRepository("restored", COPY_NS, "main");
        assertThat(awaitRestore("restored", fx.repositories.restoreSubmit("restored", restoreOf(ids)).execute()
                .getId()).getError()).isNull();
        assertThat(fx.branches.getBranch("restored", "dev").execute().getCommitId()).isEqualTo(second.getId());
        assertThat(fx.objects.listObjects("restored", "dev").execute().getResults()).isNotEmpty();
        ApiException read = failure(() -> fx.read("restored", "dev", "data/b.csv"));
        assertThat(read.getCode()).isEqualTo(410);
    }

    @Test
    void restoreWithMissingDumpObjectsFailsTheTask() throws Exception {
        RefsDump ids = awaitDump(SOURCE, fx.repositories.dumpSubmit(SOURCE).execute().getId()).getRefs();
        assertThat(awaitDump(SOURCE, fx.repositories.dumpSubmit(SOURCE).execute().getId()).getRefs())
                .as("dumps are content-addressed").isEqualTo(ids);
        fx.createBareRepository("restored", "s3://backup/empty", "main");
        RepositoryRestoreStatus status = awaitRestore("restored",
                fx.repositories.restoreSubmit("restored", restoreOf(ids)).execute().getId());
        assertThat(status.getError()).isEqualTo("No data");

        fx.createBareRepository("restored2", SOURCE_NS, "main");
        RefsRestore invalid = new RefsRestore().commitsMetaRangeId("invalid").tagsMetaRangeId("invalid")
                .branchesMetaRangeId("invalid");
        assertThat(awaitRestore("restored2", fx.repositories.restoreSubmit("restored2", invalid).execute().getId())
                .getError()).isEqualTo("No data");
    }

    @Test
    void restoreIntoNonBareOrReadOnlyRepositoryIsRefused() throws Exception {
        RefsDump ids = awaitDump(SOURCE, fx.repositories.dumpSubmit(SOURCE).execute().getId()).getRefs();
        fx.createRepository("not-bare", "s3://backup/nb");
        ApiException async = failure(() -> fx.repositories.restoreSubmit("not-bare", restoreOf(ids)).execute());
        assertThat(async.getCode()).isEqualTo(400);
        assertThat(async.getResponseBody()).isEqualTo("{\"message\":\"can only restore into a bare repository\"}\n");
        ApiException sync = failure(() -> fx.internal.restoreRefs("not-bare", restoreOf(ids)).execute());
        assertThat(sync.getCode()).isEqualTo(400);

        fx.repositories.createRepository(new RepositoryCreation().name("read-only").storageNamespace(SOURCE_NS)
                .readOnly(true)).bare(true).execute();
        // Accepted; the task's first step refuses a read-only repository without force.
        assertThat(awaitRestore("read-only", fx.repositories.restoreSubmit("read-only", restoreOf(ids)).execute()
                .getId()).getError()).contains("read-only repository");
        String taskId = fx.repositories.restoreSubmit("read-only", restoreOf(ids).force(true)).execute().getId();
        assertThat(awaitRestore("read-only", taskId).getError()).isNull();
    }

    @Test
    void restoreIntoBareRepositoryWithOtherDefaultBranchLeavesItDangling() throws Exception {
        RefsDump ids = awaitDump(SOURCE, fx.repositories.dumpSubmit(SOURCE).execute().getId()).getRefs();
        fx.createBareRepository("restored", SOURCE_NS, "develop");
        assertThat(awaitRestore("restored", fx.repositories.restoreSubmit("restored", restoreOf(ids)).execute()
                .getId()).getError()).as("lakeFS#3748: accepted").isNull();
        assertThat(fx.repositories.getRepository("restored").execute().getDefaultBranch()).isEqualTo("develop");
        assertThat(failure(() -> fx.branches.getBranch("restored", "develop").execute()).getCode()).isEqualTo(404);
        assertThat(fx.branches.getBranch("restored", "main").execute().getId()).isEqualTo("main");
    }

    @Test
    void unknownMalformedAndLostTaskIdsAre404() throws Exception {
        assertThat(failure(() -> fx.repositories.dumpStatus(SOURCE, "invalid").execute()).getCode()).isEqualTo(404);
        assertThat(failure(() -> fx.repositories.restoreStatus(SOURCE, "invalid").execute()).getCode())
                .isEqualTo(404);
        assertThat(failure(() -> fx.repositories.dumpStatus(SOURCE, "DR" + "a".repeat(20)).execute()).getCode())
                .isEqualTo(404);
        String taskId = fx.repositories.dumpSubmit(SOURCE).execute().getId();
        awaitDump(SOURCE, taskId);
        assertThat(failure(() -> fx.repositories.restoreStatus(SOURCE, taskId).execute()).getCode())
                .as("a dump id on the restore endpoint").isEqualTo(404);

        fx.emulator().setTasksLost(true);
        ApiException lost = failure(() -> fx.repositories.dumpStatus(SOURCE, taskId).execute());
        assertThat(lost.getCode()).isEqualTo(404);
        assertThat(lost.getResponseBody()).startsWith("{\"message\":");
        fx.emulator().setTasksLost(false);
        assertThat(failure(() -> fx.repositories.dumpStatus(SOURCE, taskId).execute()).getCode())
                .as("forgotten for good").isEqualTo(404);
        String fresh = fx.repositories.dumpSubmit(SOURCE).execute().getId();
        assertThat(awaitDump(SOURCE, fresh).getDone()).isTrue();
    }

    @Test
    void beforeV130OnlyTheSyncApiExistsAndItWritesTheManifest() throws Exception {
        fx.emulator().setVersion("1.2.0");
        assertThat(failure(() -> fx.repositories.dumpSubmit(SOURCE).execute()).getCode()).isEqualTo(404);
        assertThat(failure(() -> fx.repositories.dumpStatus(SOURCE, "DR" + "a".repeat(20)).execute()).getCode())
                .isEqualTo(404);

        RefsDump ids = fx.internal.dumpRefs(SOURCE).execute();
        byte[] manifest = fx.store.get(Location.parse(SOURCE_NS + "/_lakefs/refs_manifest.json")).orElseThrow();
        assertThat(new ObjectMapper().readValue(manifest, new TypeReference<Map<String, String>>() { })).isEqualTo(Map.of(
                "commits_meta_range_id", ids.getCommitsMetaRangeId(),
                "tags_meta_range_id", ids.getTagsMetaRangeId(),
                "branches_meta_range_id", ids.getBranchesMetaRangeId()));

        fx.copyNamespace(SOURCE_NS, COPY_NS);
        fx.createBareRepository("restored", COPY_NS, "main");
        fx.internal.restoreRefs("restored", restoreOf(ids)).execute();
        assertThat(fx.branches.getBranch("restored", "dev").execute().getCommitId()).isEqualTo(second.getId());
        assertThat(fx.read("restored", "dev", "data/b.csv")).isEqualTo("beta");

        fx.createBareRepository("restored2", "s3://backup/empty", "main");
        ApiException missing = failure(() -> fx.internal.restoreRefs("restored2", restoreOf(ids)).execute());
        assertThat(missing.getCode()).isEqualTo(410);
        assertThat(fx.emulator().requestCount("PUT /repositories/{repository}/refs/restore")).isEqualTo(2);
    }

    @Test
    void restoreVerifiesCommitIdsAndGenerations() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(fx.isEmulator(),
                "edits the emulator's JSON dump documents; lakeFS writes sstables");
        RefsDump ids = awaitDump(SOURCE, fx.repositories.dumpSubmit(SOURCE).execute().getId()).getRefs();
        ObjectMapper mapper = new ObjectMapper();
        Location ns = Location.parse(SOURCE_NS);
        byte[] commits = fx.store.get(ns.resolve("_lakefs/" + ids.getCommitsMetaRangeId())).orElseThrow();

        ObjectNode tampered = (ObjectNode) mapper.readTree(commits);
        ((ObjectNode) tampered.withArray("commits").get(0)).put("message", "rewritten history");
        fx.createBareRepository("tampered", SOURCE_NS, "main");
        String taskId = fx.repositories.restoreSubmit("tampered", restoreOf(ids)
                .commitsMetaRangeId(putDocument(mapper.writeValueAsBytes(tampered)))).execute().getId();
        assertThat(awaitRestore("tampered", taskId).getError()).startsWith("commit ID does not match for ");

        ObjectNode ancient = (ObjectNode) mapper.readTree(commits);
        ancient.withArray("commits").forEach(c -> ((ObjectNode) c).remove("generation"));
        fx.createBareRepository("ancient", SOURCE_NS, "main");
        taskId = fx.repositories.restoreSubmit("ancient", restoreOf(ids)
                .commitsMetaRangeId(putDocument(mapper.writeValueAsBytes(ancient)))).execute().getId();
        assertThat(awaitRestore("ancient", taskId).getError())
                .contains("dumps created by lakeFS versions before v0.61.0 are no longer supported");
    }

    private String putDocument(byte[] content) {
        String id = CommitIds.sha256Hex(content);
        fx.store.put(Location.parse(SOURCE_NS + "/_lakefs/" + id), content);
        return id;
    }

    private static RefsRestore restoreOf(RefsDump ids) {
        return new RefsRestore().commitsMetaRangeId(ids.getCommitsMetaRangeId())
                .tagsMetaRangeId(ids.getTagsMetaRangeId()).branchesMetaRangeId(ids.getBranchesMetaRangeId());
    }

    private RepositoryDumpStatus awaitDump(String repo, String taskId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            RepositoryDumpStatus s = fx.repositories.dumpStatus(repo, taskId).execute();
            if (s.getDone() || System.nanoTime() > deadline) {
                assertThat(s.getDone()).as("dump finished").isTrue();
                return s;
            }
            Thread.sleep(20);
        }
    }

    private RepositoryRestoreStatus awaitRestore(String repo, String taskId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            RepositoryRestoreStatus s = fx.repositories.restoreStatus(repo, taskId).execute();
            if (s.getDone() || System.nanoTime() > deadline) {
                assertThat(s.getDone()).as("restore finished").isTrue();
                return s;
            }
            Thread.sleep(20);
        }
    }
}

package org.lakefsbackup.testkit.lakefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lakefsbackup.testkit.lakefs.EmulatorFixture.failure;

import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.StagingApi;
import io.lakefs.clients.sdk.model.Commit;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.CommitList;
import io.lakefs.clients.sdk.model.Diff;
import io.lakefs.clients.sdk.model.DiffList;
import io.lakefs.clients.sdk.model.ObjectStageCreation;
import io.lakefs.clients.sdk.model.ObjectStats;
import io.lakefs.clients.sdk.model.ObjectStatsList;
import io.lakefs.clients.sdk.model.RefsDump;
import io.lakefs.clients.sdk.model.RefsRestore;
import io.lakefs.clients.sdk.model.StagingLocation;
import io.lakefs.clients.sdk.model.StagingMetadata;
import io.lakefs.clients.sdk.model.TagCreation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.Location;

/**
 * Objects: uploads, staging, commits, reads, listings and the uncommitted diff: what the emulator claims about lakeFS, run against the emulator and real lakeFS (one subclass each).
 * Emulator switches (versions, task delays, lost tasks, hook failures, request counts) skip on real lakeFS.
 */
abstract class LakeFsObjectsContract {
    /** A fresh lakeFS for one test. */
    abstract EmulatorFixture newFixture();

    private static final String REPO = "repo-one";
    private static final String NS = "s3://bucket/one";
    final EmulatorFixture fx = newFixture();

    @BeforeEach
    void setUp() throws ApiException {
        fx.createRepository(REPO, NS);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void uploadStoresBytesInTheNamespaceAndStagesTheEntry() throws Exception {
        ObjectStats stats = fx.upload(REPO, "main", "dir/a.txt", "hello");
        assertThat(stats.getPath()).isEqualTo("dir/a.txt");
        assertThat(stats.getSizeBytes()).isEqualTo(5L);
        assertThat(stats.getPhysicalAddress()).matches("s3://bucket/one/data/[0-9a-v]{20}/[0-9a-v]{20}");
        byte[] stored = fx.store.get(Location.parse(stats.getPhysicalAddress())).orElseThrow();
        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("hello");

        ObjectStats again = fx.upload(REPO, "main", "dir/a.txt", "hello again");
        assertThat(again.getPhysicalAddress()).as("never overwritten").isNotEqualTo(stats.getPhysicalAddress());
        assertThat(fx.store.get(Location.parse(stats.getPhysicalAddress()))).isPresent();

        ObjectStats stat = fx.objects.statObject(REPO, "main", "dir/a.txt").execute();
        assertThat(stat.getPhysicalAddress()).isEqualTo(again.getPhysicalAddress());
        assertThat(stat.getPathType()).isEqualTo(ObjectStats.PathTypeEnum.OBJECT);
        assertThat(stat.getChecksum()).isNotEmpty();
        assertThat(fx.read(REPO, "main", "dir/a.txt")).isEqualTo("hello again");
        assertThat(failure(() -> fx.objects.statObject(REPO, "main", "missing").execute()).getCode()).isEqualTo(404);
    }

    @Test
    void uncommittedDiffListsStagedChanges() throws Exception {
        fx.upload(REPO, "main", "keep.txt", "k");
        fx.upload(REPO, "main", "change.txt", "c1");
        fx.upload(REPO, "main", "remove.txt", "r");
        fx.commit(REPO, "main", "base");
        assertThat(fx.branches.diffBranch(REPO, "main").execute().getResults()).isEmpty();

        fx.upload(REPO, "main", "change.txt", "c2");
        fx.upload(REPO, "main", "new.txt", "n");
        fx.objects.deleteObject(REPO, "main", "remove.txt").execute();
        DiffList diff = fx.branches.diffBranch(REPO, "main").execute();
        assertThat(diff.getResults()).extracting(Diff::getPath, Diff::getType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("change.txt", Diff.TypeEnum.CHANGED),
                org.assertj.core.groups.Tuple.tuple("new.txt", Diff.TypeEnum.ADDED),
                org.assertj.core.groups.Tuple.tuple("remove.txt", Diff.TypeEnum.REMOVED));
        DiffList firstPage = fx.branches.diffBranch(REPO, "main").amount(2).execute();
        assertThat(firstPage.getResults()).hasSize(2);
        assertThat(firstPage.getPagination().getHasMore()).isTrue();
        assertThat(fx.branches.diffBranch(REPO, "main").after(firstPage.getPagination().getNextOffset()).execute()
                .getResults()).extracting(Diff::getPath).containsExactly("remove.txt");

        // A tag or commit shows the committed tree; the branch shows staging too.
        String head = fx.branches.getBranch(REPO, "main").execute().getCommitId();
        assertThat(fx.read(REPO, head, "change.txt")).isEqualTo("c1");
        assertThat(fx.read(REPO, "main", "change.txt")).isEqualTo("c2");
        assertThat(failure(() -> fx.read(REPO, "main", "remove.txt")).getCode()).isEqualTo(404);
    }

    @Test
    void commitWithoutChangesIs400UnlessAllowEmpty() throws Exception {
        ApiException e = failure(() -> fx.commit(REPO, "main", "nothing"));
        assertThat(e.getCode()).isEqualTo(400);
        assertThat(e.getResponseBody()).isEqualTo("{\"message\":\"commit: no changes\"}\n");
        Commit empty = fx.commits.commit(REPO, "main", new CommitCreation().message("empty").allowEmpty(true))
                .execute();
        assertThat(empty.getGeneration()).isEqualTo(2L);
    }

    @Test
    void commitWritesTheTreeAsContentAddressedObjectAndLogsAncestors() throws Exception {
        String first = fx.branches.getBranch(REPO, "main").execute().getCommitId();
        fx.upload(REPO, "main", "a.txt", "a");
        Commit c1 = fx.commits.commit(REPO, "main", new CommitCreation().message("one")
                .metadata(Map.of("k", "v"))).execute();
        assertThat(c1.getParents()).containsExactly(first);
        assertThat(c1.getGeneration()).isEqualTo(2L);
        assertThat(c1.getMetadata()).containsEntry("k", "v");
        assertThat(c1.getMetaRangeId()).matches("[0-9a-f]{64}");
        assertThat(fx.keys(NS)).contains("_lakefs/" + c1.getMetaRangeId());
        assertThat(fx.commits.getCommit(REPO, c1.getId()).execute()).isEqualTo(c1);

        fx.upload(REPO, "main", "b.txt", "b");
        Commit c2 = fx.commit(REPO, "main", "two");
        assertThat(c2.getGeneration()).isEqualTo(3L);

        CommitList log = fx.refs.logCommits(REPO, "main").execute();
        assertThat(log.getResults()).extracting(Commit::getId).containsExactly(c2.getId(), c1.getId(), first);
        CommitList page = fx.refs.logCommits(REPO, "main").amount(1).after(c2.getId()).execute();
        assertThat(page.getResults()).extracting(Commit::getId).containsExactly(c1.getId());
        assertThat(page.getPagination().getHasMore()).isTrue();
        assertThat(page.getPagination().getNextOffset()).isEqualTo(c1.getId());

        fx.tags.createTag(REPO, new TagCreation().id("v1").ref(c1.getId())).execute();
        assertThat(fx.read(REPO, "v1", "a.txt")).isEqualTo("a");
        assertThat(failure(() -> fx.read(REPO, "v1", "b.txt")).getCode()).isEqualTo(404);
        assertThat(fx.read(REPO, c2.getId().substring(0, 12), "b.txt")).isEqualTo("b");
    }

    @Test
    void commitIdsAreContentHashesStableAcrossServers() throws Exception {
        Clock fixed = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (EmulatorFixture other = new EmulatorFixture(fixed)) {
                other.createRepository("repo-x", "s3://other/x" + i);
                other.upload("repo-x", "main", "same.txt", "same content");
                ObjectStats staged = other.objects.statObject("repo-x", "main", "same.txt").execute();
                // Uploads get random physical addresses; link a fixed one so the trees are equal.
                other.link("repo-x", "main", "same.txt", "s3://external/same.txt", staged.getChecksum(), 12L);
                ids.add(other.commit("repo-x", "main", "identical").getId());
                ids.add(other.commits.commit("repo-x", "main", new CommitCreation().message("other message")
                        .allowEmpty(true)).execute().getId());
            }
        }
        assertThat(ids.get(0)).matches("[0-9a-f]{64}").isEqualTo(ids.get(2));
        assertThat(ids.get(1)).isEqualTo(ids.get(3)).isNotEqualTo(ids.get(0));
    }

    @Test
    void preCommitHookFailureIs412() throws Exception {
        fx.upload(REPO, "main", "a.txt", "a");
        fx.emulator().setPreCommitFailure("main", true);
        ApiException e = failure(() -> fx.commit(REPO, "main", "blocked"));
        assertThat(e.getCode()).isEqualTo(412);
        assertThat(e.getResponseBody()).contains("pre-commit hook aborted");
        fx.emulator().setPreCommitFailure("main", false);
        fx.commit(REPO, "main", "allowed");
    }

    @Test
    void externallyStagedObjectsKeepTheirFullAddress() throws Exception {
        fx.store.put(Location.parse("s3://imports/raw/file.csv"), "a,b\n".getBytes(StandardCharsets.UTF_8));
        ObjectStats linked = new StagingApi(fx.client).linkPhysicalAddress(REPO, "main", "imported/file.csv",
                new StagingMetadata().staging(new StagingLocation().physicalAddress("s3://imports/raw/file.csv"))
                        .checksum("abc").sizeBytes(4L)).execute();
        assertThat(linked.getPhysicalAddress()).isEqualTo("s3://imports/raw/file.csv");
        fx.commit(REPO, "main", "import");
        assertThat(fx.objects.statObject(REPO, "main", "imported/file.csv").execute().getPhysicalAddress())
                .isEqualTo("s3://imports/raw/file.csv");
        assertThat(fx.read(REPO, "main", "imported/file.csv")).isEqualTo("a,b\n");
    }

    @Test
    @SuppressWarnings("deprecation")
    void internalStageObjectMakesAddressesUnderTheNamespaceRelative() throws Exception {
        ObjectStats inside = fx.internal.stageObject(REPO, "main", "inside.bin", new ObjectStageCreation()
                .physicalAddress(NS + "/data/abc/def").checksum("c").sizeBytes(3L)).execute();
        assertThat(inside.getPhysicalAddress()).isEqualTo(NS + "/data/abc/def");
        ObjectStats outside = fx.internal.stageObject(REPO, "main", "outside.bin", new ObjectStageCreation()
                .physicalAddress("s3://elsewhere/x").checksum("c").sizeBytes(3L)).execute();
        assertThat(outside.getPhysicalAddress()).isEqualTo("s3://elsewhere/x");
        fx.commit(REPO, "main", "staged");

        // After a namespace copy, the relative entry follows the repository; the full one does not.
        fx.store.put(Location.parse("s3://bucket/copy/data/abc/def"), "abc".getBytes(StandardCharsets.UTF_8));
        RefsDump ids = fx.internal.dumpRefs(REPO).execute();
        fx.copyNamespace(NS, "s3://bucket/copy");
        fx.createBareRepository("copy", "s3://bucket/copy", "main");
        fx.internal.restoreRefs("copy", new RefsRestore().commitsMetaRangeId(ids.getCommitsMetaRangeId())
                .tagsMetaRangeId(ids.getTagsMetaRangeId()).branchesMetaRangeId(ids.getBranchesMetaRangeId()))
                .execute();
        assertThat(fx.objects.statObject("copy", "main", "inside.bin").execute().getPhysicalAddress())
                .isEqualTo("s3://bucket/copy/data/abc/def");
        assertThat(fx.objects.statObject("copy", "main", "outside.bin").execute().getPhysicalAddress())
                .isEqualTo("s3://elsewhere/x");
    }

    @Test
    void missingDataIsAnErrorNotACrash() throws Exception {
        ObjectStats stats = fx.upload(REPO, "main", "a.txt", "a");
        Commit c = fx.commit(REPO, "main", "one");
        fx.store.delete(Location.parse(stats.getPhysicalAddress()));
        ApiException noData = failure(() -> fx.read(REPO, "main", "a.txt"));
        assertThat(noData.getCode()).isEqualTo(410);
        assertThat(noData.getResponseBody()).isEqualTo("{\"message\":\"No data\"}\n");

        // lakeFS keeps the sstables it wrote in its local cache (committed.local_cache) and still lists the tree
        // after the namespace lost it; the emulator reads the namespace every time.
        fx.store.delete(Location.parse(NS + "/_lakefs/" + c.getMetaRangeId()));
        if (fx.isEmulator()) {
            assertThat(failure(() -> fx.objects.listObjects(REPO, "main").execute()).getCode()).isEqualTo(410);
        }
    }

    @Test
    void objectListingPagesWithPrefixAndDelimiter() throws Exception {
        // 1,001 under big/: the fewest that show the limit of 1,000 per page with more to come.
        for (int i = 0; i < 1001; i++) {
            fx.link(REPO, "main", String.format("big/f%04d", i), String.format("s3://external/f%04d", i), "c", 1L);
        }
        fx.upload(REPO, "main", "top.txt", "t");
        fx.upload(REPO, "main", "dir/x/1.txt", "1");
        fx.upload(REPO, "main", "dir/y.txt", "y");
        fx.commit(REPO, "main", "many");

        ObjectStatsList folded = fx.objects.listObjects(REPO, "main").delimiter("/").execute();
        assertThat(folded.getResults()).extracting(ObjectStats::getPath).containsExactly("big/", "dir/", "top.txt");
        assertThat(folded.getResults().get(0).getPathType()).isEqualTo(ObjectStats.PathTypeEnum.COMMON_PREFIX);
        assertThat(fx.objects.listObjects(REPO, "main").prefix("dir/").delimiter("/").execute().getResults())
                .extracting(ObjectStats::getPath).containsExactly("dir/x/", "dir/y.txt");
        assertThat(fx.objects.listObjects(REPO, "main").delimiter("/").after("big/").execute().getResults())
                .extracting(ObjectStats::getPath).containsExactly("dir/", "top.txt");

        assertThat(failure(() -> fx.objects.listObjects(REPO, "main").amount(2000).execute()).getCode())
                .isEqualTo(400);
        ObjectStatsList clamped = fx.objects.listObjects(REPO, "main").prefix("big/").amount(1000).execute();
        assertThat(clamped.getResults()).hasSize(1000);
        assertThat(clamped.getPagination().getHasMore()).isTrue();
        List<String> all = new ArrayList<>();
        String after = "";
        while (true) {
            ObjectStatsList page = fx.objects.listObjects(REPO, "main").prefix("big/").after(after).amount(400)
                    .execute();
            page.getResults().forEach(o -> all.add(o.getPath()));
            if (!page.getPagination().getHasMore()) {
                break;
            }
            after = page.getPagination().getNextOffset();
        }
        assertThat(all).hasSize(1001).doesNotHaveDuplicates().isSorted();
    }
}

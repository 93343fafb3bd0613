package org.lakefsbackup.cli.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.model.ObjectStats;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lakefsbackup.cli.WebhookProcess;
import org.lakefsbackup.cli.scenario.ScenarioWorld.Result;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.s3.S3TestServer;

/**
 * The backup and restore scenarios of issue 7, run through the CLI's entry point as a user would, against one
 * lakeFS backend on one S3 server (one subclass per combination, like the object-store contract). Every restore is
 * compared with its source completely ({@link RepositoryImage}): every commit reachable from every branch and tag,
 * every object at every head and tag read back and compared by content, hidden flags, protection rules, metadata
 * and GC rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LakeFsScenarios {
    ScenarioWorld w;

    /** The lakeFS under test. */
    abstract LakeFsBackend backend();

    /** The S3 server the namespaces and backups live on; the suite closes it. */
    abstract S3TestServer startS3();

    @BeforeAll
    void startWorld() throws IOException {
        S3TestServer s3 = startS3();
        try {
            w = new ScenarioWorld(backend(), s3, Files.createTempDirectory("lakefs-scenarios-"));
        } catch (RuntimeException | Error e) {
            s3.close();
            throw e;
        }
    }

    @AfterAll
    void stopWorld() {
        if (w != null) {
            try {
                w.close();
            } finally {
                w.s3.close();
            }
        }
    }

    SampleRepository.Created sample(LakeFsBackend.Server server, String repo, String namespace) {
        return new SampleRepository(server.sdk()).create(repo, namespace);
    }

    static RepositoryImage image(LakeFsBackend.Server server, String repo) throws Exception {
        return RepositoryImage.read(server.sdk(), repo);
    }

    static void assertSameRepository(RepositoryImage restored, RepositoryImage source) {
        assertThat(restored).as("restored repository (%s) against its source (%s)", restored.size(), source.size())
                .isEqualTo(source);
    }

    /**
     * Waits (at most 30 s) until a deleted repository's name is free again. Real lakeFS caches repository records
     * (graveler.repository_cache, 5 s + jitter): until the entry expires the deleted repository still answers GET
     * and its name cannot be created again. The emulator frees the name at once.
     */
    static void awaitGone(LakeFsBackend.Server server, String repo) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                new RepositoriesApi(server.sdk()).getRepository(repo).execute();
            } catch (io.lakefs.clients.sdk.ApiException e) {
                if (e.getCode() == 404) {
                    return;
                }
                throw e;
            }
            assertThat(System.nanoTime()).as("%s still resolves 30 s after its deletion", repo).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void disasterRecoveryRestoresTheSameNameIntoTheWipedNamespace() throws Exception {
        sample(w.a, "dr-repo", "s3://source/dr-repo");
        RepositoryImage before = image(w.a, "dr-repo");
        Result backup = w.ok(w.a, "backup", "dr-repo", "--to", "s3://backups/dr", "-q");
        assertThat(backup.out()).as("the backup says where its report is")
                .contains("; report: s3://backups/dr/dr-repo/generations/");
        assertThat(w.keys("s3://backups/dr/dr-repo/generations")).anyMatch(k -> k.endsWith("/report.json"))
                .anyMatch(k -> k.endsWith("/report.md"));

        new RepositoriesApi(w.a.sdk()).deleteRepository("dr-repo").execute();
        awaitGone(w.a, "dr-repo");
        assertThat(w.wipe("s3://source/dr-repo")).isPositive();
        w.ok(w.a, "restore", "dr-repo", "--from", "s3://backups/dr", "--namespace", "s3://source/dr-repo", "-q");
        assertSameRepository(image(w.a, "dr-repo"), before);
    }

    @Test
    void cloneRestoresUnderANewNameOnTheSameServer() throws Exception {
        sample(w.a, "clone-src", "s3://source/clone-src");
        w.ok(w.a, "backup", "clone-src", "--to", "s3://backups/clone", "-q");
        Result restore = w.ok(w.a, "restore", "clone-src", "--from", "s3://backups/clone", "--as", "clone-copy",
                "--namespace", "s3://target/clone-copy", "-q");
        assertThat(restore.out()).contains("clone-copy");
        assertSameRepository(image(w.a, "clone-copy"), image(w.a, "clone-src"));
    }

    @Test
    void migrationMovesARepositoryIntoAnotherInstallation() throws Exception {
        sample(w.a, "migrated", "s3://source/migrated");
        w.ok(w.a, "backup", "migrated", "--to", "s3://backups/migration", "-q");
        w.ok(w.a, "restore", "migrated", "--from", "s3://backups/migration", "--namespace", "s3://target/migrated",
                "--endpoint-url", w.b.endpoint(), "--access-key-id", w.b.accessKeyId(), "--secret-access-key",
                w.b.secretAccessKey(), "--ignore-storage-id", "-q");
        assertSameRepository(image(w.b, "migrated"), image(w.a, "migrated"));
    }

    @Test
    void aLocalNamespaceMovesToS3AndBackWithoutImportWarnings() throws Exception {
        LakeFsBackend.Server local = w.localServer("local-one", List.of());
        sample(local, "local-repo", "local://repos/local-repo");
        RepositoryImage source = image(local, "local-repo");
        Result backup = w.ok(local, "backup", "local-repo", "--to", "s3://backups/local", "-q");
        assertThat(backup.err()).as("every object lies in the local namespace").doesNotContain("imported or linked");

        w.ok(w.b, "restore", "local-repo", "--from", "s3://backups/local", "--namespace", "s3://target/from-local",
                "-q");
        assertSameRepository(image(w.b, "local-repo"), source);

        w.ok(w.b, "backup", "local-repo", "--to", "s3://backups/to-local", "-q");
        LakeFsBackend.Server back = w.localServer("local-two", List.of());
        w.ok(back, "restore", "local-repo", "--from", "s3://backups/to-local", "--namespace",
                "local://restored/local-repo", "-q");
        assertSameRepository(image(back, "local-repo"), source);
        assertThat(back.localRoot().resolve("restored/local-repo/_lakefs")).isDirectory();
    }

    @Test
    void anOlderGenerationRestoresAfterIncrementalBackups() throws Exception {
        var sample = new SampleRepository(w.a.sdk());
        sample.create("incr-repo", "s3://source/incr-repo");
        JsonNode first = w.ok(w.a, "backup", "incr-repo", "--to", "s3://backups/incr", "--json", "-q").json().get("backups").get(0);
        RepositoryImage generation1 = image(w.a, "incr-repo");

        sample.upload("incr-repo", "dev", Map.of("tables/events/part-0004.csv", "id,kind\n6,view\n"));
        sample.commit("incr-repo", "dev", "second batch");
        sample.tag("incr-repo", "v2.0", "dev");
        JsonNode second = w.ok(w.a, "backup", "incr-repo", "--to", "s3://backups/incr", "--json", "-q").json().get("backups").get(0);
        RepositoryImage generation2 = image(w.a, "incr-repo");
        assertThat(second.get("copied_objects").asLong()).as("an incremental backup copies only what is new")
                .isPositive().isLessThan(second.get("objects").asLong());

        JsonNode list = w.ok(w.a, "list", "incr-repo", "--from", "s3://backups/incr", "--json").json()
                .get("generations");
        assertThat(list).hasSize(2);
        w.ok(w.b, "restore", "incr-repo", "--from", "s3://backups/incr", "--generation",
                first.get("generation").asText(), "--as", "incr-g1", "--namespace", "s3://target/incr-g1", "-q");
        w.ok(w.b, "restore", "incr-repo", "--from", "s3://backups/incr", "--as", "incr-g2", "--namespace",
                "s3://target/incr-g2", "-q");
        assertSameRepository(image(w.b, "incr-g1"), generation1);
        assertSameRepository(image(w.b, "incr-g2"), generation2);
        w.ok(w.a, "verify", "incr-repo", "--from", "s3://backups/incr", "--generation",
                first.get("generation").asText());
    }

    @Test
    void anUnchangedRepositoryIsMarkedStillCurrentUntilItsUncommittedChangesChange() throws Exception {
        var created = sample(w.a, "idle-repo", "s3://source/idle-repo");
        assertThat(created.uncommitted()).containsExactly("dev");
        JsonNode first = w.ok(w.a, "backup", "idle-repo", "--to", "s3://backups/idle", "--json", "-q").json()
                .get("backups").get(0);
        assertThat(first.get("unchanged").asBoolean()).isFalse();

        JsonNode again = w.ok(w.a, "backup", "idle-repo", "--to", "s3://backups/idle", "--json", "-q").json()
                .get("backups").get(0);
        assertThat(again.get("unchanged").asBoolean()).as("refs, settings and namespace as the generation records")
                .isTrue();
        assertThat(again.get("generation").asText()).isEqualTo(first.get("generation").asText());
        assertThat(again.get("copied_objects").asLong()).isZero();
        assertThat(again.get("dump_attempts").asInt()).isZero();
        JsonNode list = w.ok(w.a, "list", "idle-repo", "--from", "s3://backups/idle", "--json").json()
                .get("generations");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("current_at").asText()).as("the mark's time").isNotEmpty();

        // another uncommitted change on dev: the generation's record of uncommitted changes is no longer true
        new SampleRepository(w.a.sdk()).upload("idle-repo", "dev", Map.of("tables/events/part-0009.csv",
                "id,kind\n9,click\n"));
        JsonNode changed = w.ok(w.a, "backup", "idle-repo", "--to", "s3://backups/idle", "--json", "-q").json()
                .get("backups").get(0);
        assertThat(changed.get("unchanged").asBoolean()).isFalse();
        assertThat(changed.get("generation").asText()).isNotEqualTo(first.get("generation").asText());
        w.ok(w.b, "restore", "idle-repo", "--from", "s3://backups/idle", "--as", "idle-copy", "--namespace",
                "s3://target/idle-copy", "-q");
        assertSameRepository(image(w.b, "idle-copy"), image(w.a, "idle-repo"));
    }

    @Test
    void uncommittedChangesAreLeftOutUnlessCommittedFirst() throws Exception {
        var created = sample(w.a, "staged-repo", "s3://source/staged-repo");
        assertThat(created.uncommitted()).containsExactly("dev");
        Result plain = w.ok(w.a, "backup", "staged-repo", "--to", "s3://backups/staged-plain", "-q");
        assertThat(plain.err()).contains("uncommitted changes").contains("dev").contains("--commit");
        w.ok(w.b, "restore", "staged-repo", "--from", "s3://backups/staged-plain", "--as", "staged-plain",
                "--namespace", "s3://target/staged-plain", "-q");
        assertSameRepository(image(w.b, "staged-plain"), image(w.a, "staged-repo"));
        assertThat(new ObjectsApi(w.b.sdk()).listObjects("staged-plain", "dev").execute().getResults())
                .extracting(ObjectStats::getPath).doesNotContain("tables/events/part-0003.csv");

        Result committed = w.ok(w.a, "backup", "staged-repo", "--to", "s3://backups/staged-committed", "--commit",
                "-q");
        assertThat(committed.err()).doesNotContain("uncommitted changes");
        w.ok(w.b, "restore", "staged-repo", "--from", "s3://backups/staged-committed", "--as", "staged-committed",
                "--namespace", "s3://target/staged-committed", "-q");
        RepositoryImage restored = image(w.b, "staged-committed");
        assertSameRepository(restored, image(w.a, "staged-repo"));
        assertThat(new SampleRepository(w.b.sdk()).read("staged-committed", "dev", "tables/events/part-0003.csv"))
                .isEqualTo("id,kind\n5,view\n");
    }

    @Test
    void hiddenBranchesTagsProtectionMetadataAndGcRulesSurviveARestore() throws Exception {
        sample(w.a, "settings-repo", "s3://source/settings-repo");
        new RepositoryShapes(w.a.sdk()).setGcRules("settings-repo", 21, "dev", 7);
        RepositoryImage source = image(w.a, "settings-repo");
        assertThat(source.hidden()).containsExactly("scratch-hidden");
        assertThat(source.protection()).containsExactly("main");
        assertThat(source.metadata()).containsEntry("owner", "data-platform");
        assertThat(source.gcRules()).isEqualTo("default=21,dev=7");

        w.ok(w.a, "backup", "settings-repo", "--to", "s3://backups/settings", "-q");
        w.ok(w.b, "restore", "settings-repo", "--from", "s3://backups/settings", "--namespace",
                "s3://target/settings-repo", "-q");
        assertSameRepository(image(w.b, "settings-repo"), source);
    }

    @Test
    void aReadOnlyRepositoryIsBackedUpAndRestoredReadOnly() throws Exception {
        var shapes = new RepositoryShapes(w.a.sdk());
        new RepositoriesApi(w.a.sdk()).createRepository(new RepositoryCreation().name("ro-repo")
                .storageNamespace("s3://source/ro-repo").readOnly(true)).execute();
        // A read-only repository takes writes only with force, as lakeFS's own tooling does.
        shapes.forceUpload("ro-repo", "main", "frozen/a.txt", "written before it was frozen");
        shapes.forceCommit("ro-repo", "main", "frozen data");
        shapes.forceBranchAndTag("ro-repo", "archive", "v-frozen", "main");
        RepositoryImage source = image(w.a, "ro-repo");
        assertThat(source.readOnly()).isTrue();

        w.ok(w.a, "backup", "ro-repo", "--to", "s3://backups/ro", "-q");
        w.ok(w.b, "restore", "ro-repo", "--from", "s3://backups/ro", "--namespace", "s3://target/ro-repo", "-q");
        assertSameRepository(image(w.b, "ro-repo"), source);
    }

    @Test
    void aDefaultBranchOtherThanMainIsKept() throws Exception {
        var shapes = new RepositoryShapes(w.a.sdk());
        shapes.createRepository("trunk-repo", "s3://source/trunk-repo", "trunk");
        var sample = new SampleRepository(w.a.sdk());
        sample.upload("trunk-repo", "trunk", Map.of("a.txt", "on trunk"));
        sample.commit("trunk-repo", "trunk", "trunk work");
        sample.branch("trunk-repo", "main", "trunk", false);
        sample.upload("trunk-repo", "main", Map.of("b.txt", "on a branch called main"));
        sample.commit("trunk-repo", "main", "main work");
        w.ok(w.a, "backup", "trunk-repo", "--to", "s3://backups/trunk", "-q");
        w.ok(w.b, "restore", "trunk-repo", "--from", "s3://backups/trunk", "--namespace", "s3://target/trunk-repo",
                "-q");
        RepositoryImage restored = image(w.b, "trunk-repo");
        assertThat(restored.defaultBranch()).isEqualTo("trunk");
        assertSameRepository(restored, image(w.a, "trunk-repo"));
    }

    @Test
    void aMultipartObjectUploadedAsLakectlDoesIsCopiedAndReadsBackEqual() throws Exception {
        var shapes = new RepositoryShapes(w.a.sdk());
        shapes.createRepository("multipart", "s3://source/multipart", "main");
        new SampleRepository(w.a.sdk()).upload("multipart", "main", Map.of("small.txt", "small"));
        byte[] big = RepositoryShapes.randomBytes(RepositoryShapes.LAKECTL_PART_SIZE + 1024 * 1024 + 17, 7);
        ObjectStats linked;
        try (var s3 = w.s3.newClient(w.s3.endpoint())) {
            linked = shapes.uploadMultipartAsLakectl(s3, "multipart", "main", "blobs/big.bin", big);
        }
        assertThat(linked.getChecksum()).as("a multipart ETag").endsWith("-2");
        new SampleRepository(w.a.sdk()).commit("multipart", "main", "a large object");

        backUpVerifyDeeplyAndRestoreIntoB("multipart");
        assertThat(new ObjectsApi(w.b.sdk()).statObject("multipart", "main", "blobs/big.bin").execute()
                .getSizeBytes()).isEqualTo(big.length);
    }

    @Test
    void aLargeFileUploadedWithLakectlItselfIsBackedUpAndRestored() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(w.backend.real(), "lakectl talks to real lakeFS only");
        var lakectl = org.lakefsbackup.testkit.real.ServerBinaries.requireLakeFs(
                org.lakefsbackup.testkit.real.ServerBinaries.LAKEFS_VERSION).lakectl();
        new RepositoryShapes(w.a.sdk()).createRepository("lakectl-repo", "s3://source/lakectl-repo", "main");
        Path file = w.tmp.resolve("lakectl-big.bin");
        Files.write(file, RepositoryShapes.randomBytes(RepositoryShapes.LAKECTL_PART_SIZE * 2 + 4096, 11));
        ProcessBuilder pb = new ProcessBuilder(lakectl.toString(), "fs", "upload", "--source", file.toString(),
                "lakefs://lakectl-repo/main/blobs/lakectl.bin").redirectErrorStream(true)
                .redirectOutput(w.tmp.resolve("lakectl.log").toFile());
        pb.environment().put("LAKECTL_SERVER_ENDPOINT_URL", w.a.endpoint().replace("/api/v1", ""));
        pb.environment().put("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", w.a.accessKeyId());
        pb.environment().put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", w.a.secretAccessKey());
        pb.environment().put("HOME", w.home().toString());
        Process p = pb.start();
        assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(w.tmp.resolve("lakectl.log"))).isZero();
        ObjectStats uploaded = new ObjectsApi(w.a.sdk()).statObject("lakectl-repo", "main", "blobs/lakectl.bin")
                .execute();
        assertThat(uploaded.getSizeBytes()).isEqualTo(Files.size(file));
        assertThat(uploaded.getChecksum()).as("lakectl's pre-signed multipart upload, 5 MiB parts")
                .matches("[0-9a-f]{32}-3");
        new SampleRepository(w.a.sdk()).commit("lakectl-repo", "main", "uploaded with lakectl");

        backUpVerifyDeeplyAndRestoreIntoB("lakectl-repo");
    }

    /**
     * Backs {@code repo} up from server a to {@code s3://backups/<repo>}, verifies every byte ({@code --deep}),
     * restores it into server b at {@code s3://target/<repo>} and compares the two completely.
     */
    private void backUpVerifyDeeplyAndRestoreIntoB(String repo) throws Exception {
        w.ok(w.a, "backup", repo, "--to", "s3://backups/" + repo, "-q");
        w.ok(w.a, "verify", repo, "--from", "s3://backups/" + repo, "--deep");
        w.ok(w.b, "restore", repo, "--from", "s3://backups/" + repo, "--namespace", "s3://target/" + repo, "-q");
        assertSameRepository(image(w.b, repo), image(w.a, repo));
    }

    /**
     * Two drills back to back, the second picking the generation by rotation: each restores into the same temporary
     * repository name (real lakeFS keeps a deleted repository's record cached for a few seconds), verifies, reads a
     * sample back, removes its repository and objects, and records its result; the source is untouched.
     */
    @Test
    void drillsRestoreVerifyAndRemoveTheirTemporaryRepositoryBackToBack() throws Exception {
        sample(w.a, "drilled", "s3://source/drilled");
        RepositoryImage source = image(w.a, "drilled");
        w.ok(w.a, "backup", "drilled", "--to", "s3://backups/drills", "-q");
        w.ok(w.a, "backup", "drilled", "--to", "s3://backups/drills", "--force-new-generation", "-q");
        List<String> generations = new java.util.ArrayList<>();
        for (String pick : List.of("latest", "rotate")) {
            Result drill = w.ok(w.a, "drill", "drilled", "--from", "s3://backups/drills", "--namespace-prefix",
                    "s3://target/drills", "--generation", pick, "--sample", "4", "--json");
            JsonNode r = drill.json();
            assertThat(r.get("ok").asBoolean()).as(pick).isTrue();
            assertThat(r.at("/check/sampled").asInt()).isEqualTo(4);
            assertThat(r.at("/check/mismatched").asInt()).isZero();
            assertThat(r.at("/cleanup/repositories_deleted").asInt()).isEqualTo(1);
            assertThat(r.at("/cleanup/objects_left").asLong()).isZero();
            generations.add(r.get("generation").asText());
        }
        assertThat(generations).as("rotate picks the generation not drilled yet").doesNotHaveDuplicates();
        assertThat(w.keys("s3://target/drills")).as("what the drills copied is removed").isEmpty();
        assertThat(new RepositoriesApi(w.a.sdk()).listRepositories().amount(1000).execute().getResults())
                .noneMatch(repo -> repo.getId().equals("drill-drilled"));
        assertSameRepository(image(w.a, "drilled"), source);
        JsonNode list = w.ok(w.a, "list", "drilled", "--from", "s3://backups/drills", "--json").json()
                .get("generations");
        assertThat(list).hasSize(2).allSatisfy(g -> assertThat(g.at("/last_drill/ok").asBoolean()).isTrue());
    }

    /**
     * Rolling deep verification as the schedules run it, through {@code verify --rolling}: two runs of t = 2 read
     * every object of the generation back by checksum exactly once (so the store recorded a full-object checksum of
     * each) and record a full pass; a backed-up object replaced by other bytes of the same size fails the next run
     * with exit code 3, naming its key.
     */
    @Test
    void rollingVerificationReadsEveryObjectOnceInTRunsAndNamesADamagedOne() throws Exception {
        sample(w.a, "rolled", "s3://source/rolled");
        w.ok(w.a, "backup", "rolled", "--to", "s3://backups/rolled", "-q");
        long read = 0;
        JsonNode last = null;
        for (int n = 1; n <= 2; n++) {
            last = w.ok(w.a, "verify", "rolled", "--from", "s3://backups/rolled", "--rolling", "2", "--json").json();
            assertThat(last.get("read_data_subset").asText()).isEqualTo(n + "/2");
            assertThat(last.get("verified").asBoolean()).isTrue();
            read += last.get("read").asLong();
        }
        assertThat(read).as("every object read back once in 2 runs").isEqualTo(last.get("checked").asLong())
                .isPositive();
        assertThat(last.at("/coverage/last_full_pass").isTextual()).isTrue();

        Location objects = Location.parse("s3://backups/rolled/rolled/objects");
        String damaged = w.keys(objects.toString()).stream().filter(k -> k.startsWith("data/")).findFirst()
                .orElseThrow();
        byte[] bytes = w.store.get(objects.resolve(damaged)).orElseThrow();
        bytes[0] ^= 1;
        w.store.put(objects.resolve(damaged), bytes);
        Result bad = w.cli(w.a, "verify", "rolled", "--from", "s3://backups/rolled", "--rolling", "2");
        assertThat(bad.exit()).as(bad.out() + bad.err()).isEqualTo(3);
        assertThat(bad.err()).contains(damaged);
    }

    @Test
    void objectsLinkedFromOutsideTheNamespaceAreReportedAndStillRead() throws Exception {
        byte[] raw = "id,value\n1,imported\n".getBytes(StandardCharsets.UTF_8);
        w.store.put(Location.parse("s3://imports/raw/2026/file.csv"), raw);
        String etag = w.store.head(Location.parse("s3://imports/raw/2026/file.csv")).orElseThrow().etag();
        var shapes = new RepositoryShapes(w.a.sdk());
        shapes.createRepository("imports-repo", "s3://source/imports-repo", "main");
        new SampleRepository(w.a.sdk()).upload("imports-repo", "main", Map.of("own.txt", "inside"));
        shapes.linkExternal("imports-repo", "main", "raw/file.csv", "s3://imports/raw/2026/file.csv", etag,
                raw.length);
        new SampleRepository(w.a.sdk()).commit("imports-repo", "main", "import");

        Result backup = w.ok(w.a, "backup", "imports-repo", "--to", "s3://backups/imports", "-q");
        assertThat(backup.err()).contains("1 object(s) on main live outside the storage namespace")
                .contains("raw/file.csv -> s3://imports/raw/2026/file.csv");
        w.ok(w.b, "restore", "imports-repo", "--from", "s3://backups/imports", "--namespace",
                "s3://target/imports-repo", "-q");
        assertSameRepository(image(w.b, "imports-repo"), image(w.a, "imports-repo"));
        assertThat(new ObjectsApi(w.b.sdk()).statObject("imports-repo", "main", "raw/file.csv").execute()
                .getPhysicalAddress()).as("still the original object").isEqualTo("s3://imports/raw/2026/file.csv");
    }

    @Test
    void moreThanAThousandBranchesTagsAndCommitsArePagedThrough() throws Exception {
        var shapes = new RepositoryShapes(w.a.sdk());
        shapes.createRepository("paging", "s3://source/paging", "main");
        new SampleRepository(w.a.sdk()).upload("paging", "main", Map.of("one.txt", "1"));
        new SampleRepository(w.a.sdk()).commit("paging", "main", "one object");
        String head = shapes.emptyCommits("paging", "main", 1001);
        shapes.branches("paging", "b", 1001, head);
        shapes.tags("paging", "t", 1001, head);
        RepositoryImage source = image(w.a, "paging");
        assertThat(source.branches()).hasSize(1002);
        assertThat(source.tags()).hasSize(1001);
        assertThat(source.commits()).hasSizeGreaterThan(1002);

        JsonNode backup = w.ok(w.a, "backup", "paging", "--to", "s3://backups/paging", "--json", "-q").json().get("backups").get(0);
        assertThat(backup.toString()).contains("paging");
        w.ok(w.b, "restore", "paging", "--from", "s3://backups/paging", "--namespace", "s3://target/paging", "-q");
        assertSameRepository(image(w.b, "paging"), source);
    }

    @Test
    void lakeFsRefsPyRestoresOurManifestAndWeRestoreItsDump() throws Exception {
        RefsScript script = RefsScript.require();
        Path work = Files.createDirectories(w.tmp.resolve("refs-py"));

        // lakefs-refs.py restores the manifest of a generation we wrote (a superset of its own format).
        sample(w.a, "interop-ours", "s3://source/interop-ours");
        RepositoryImage ours = image(w.a, "interop-ours");
        String generation = w.ok(w.a, "backup", "interop-ours", "--to", "s3://backups/interop", "--json", "-q").json()
                .get("backups").get(0).get("generation").asText();
        Path manifest = work.resolve("interop-ours_manifest.json");
        Files.write(manifest, w.store.get(Location.parse("s3://backups/interop/interop-ours/generations/"
                + generation + "/manifest.json")).orElseThrow());
        new RepositoriesApi(w.a.sdk()).deleteRepository("interop-ours").execute();
        awaitGone(w.a, "interop-ours");
        RefsScript.Run restore = script.run(w.a, work, "restore", manifest.toString());
        assertThat(restore.exit()).as(restore.output()).isZero();
        assertThat(restore.output()).contains("Restored refs for repository: interop-ours");
        assertSameRepository(image(w.a, "interop-ours"), ours.refsOnly());

        // We restore the manifest lakefs-refs.py dumps.
        sample(w.a, "interop-theirs", "s3://source/interop-theirs");
        RepositoryImage theirs = image(w.a, "interop-theirs");
        RefsScript.Run dump = script.run(w.a, work, "dump", "interop-theirs");
        assertThat(dump.exit()).as(dump.output()).isZero();
        new RepositoriesApi(w.a.sdk()).deleteRepository("interop-theirs").execute();
        awaitGone(w.a, "interop-theirs");
        Result restoreRefs = w.ok(w.a, "restore-refs", work.resolve("interop-theirs_manifest.json").toString());
        assertThat(restoreRefs.out()).contains("Restored refs for repository: interop-theirs");
        assertSameRepository(image(w.a, "interop-theirs"), theirs.refsOnly());
    }

    /**
     * Event-triggered backup end to end: the documented actions file ({@code docs/examples/_lakefs_actions/
     * backup.yaml}, its URL pointed at {@code lakefs-backup webhook} running here) is committed to a repository;
     * lakeFS (the secret in its environment, not in the file) runs the hook after the next commit, and a generation
     * that records that commit appears. A repository whose action sends a wrong secret gets no backup, and lakeFS
     * records its action run as failed.
     */
    @Test
    void aCommitRunsTheDocumentedActionAndItsWebhookBacksTheRepositoryUp() throws Exception {
        java.time.Duration wait = java.time.Duration.ofSeconds(180);
        SampleRepository sample = new SampleRepository(w.a.sdk());
        for (String repo : List.of("events-repo", "wrong-secret-repo")) {
            new RepositoriesApi(w.a.sdk()).createRepository(new RepositoryCreation().name(repo)
                    .storageNamespace("s3://source/" + repo).defaultBranch("main")).execute();
        }
        Map<String, String> env = new java.util.HashMap<>(w.env(w.a));
        env.put("LAKEFS_BACKUP_WEBHOOK_SECRET", LakeFsBackend.WEBHOOK_SECRET);
        try (WebhookProcess webhook = WebhookProcess.start(env, wait, "--to", "s3://backups/events",
                "--repositories", "events-repo,wrong-secret-repo")) {
            String documented = Files.readString(docs().resolve("examples/_lakefs_actions/backup.yaml"));
            assertThat(documented).contains("{{ ENV.LAKEFSACTION_BACKUP_SECRET }}")
                    .doesNotContain(LakeFsBackend.WEBHOOK_SECRET);
            String action = documented.replace("http://backup-host:8080/webhook", webhook.url());
            assertThat(action).contains(webhook.url());
            sample.uploadBytes("events-repo", "main", "_lakefs_actions/backup.yaml",
                    action.getBytes(StandardCharsets.UTF_8));
            sample.commit("events-repo", "main", "add the backup action");
            sample.upload("events-repo", "main", Map.of("data/a.txt", "a"));
            String head = sample.commit("events-repo", "main", "data");

            sample.uploadBytes("wrong-secret-repo", "main", "_lakefs_actions/backup.yaml", action
                    .replace("{{ ENV.LAKEFSACTION_BACKUP_SECRET }}", "not-the-secret-0123456789abcdef")
                    .getBytes(StandardCharsets.UTF_8));
            sample.commit("wrong-secret-repo", "main", "add an action with a wrong secret");
            sample.upload("wrong-secret-repo", "main", Map.of("data/b.txt", "b"));
            sample.commit("wrong-secret-repo", "main", "data");

            WebhookProcess.await("a generation recording " + head, wait, () -> mainHeads("events-repo")
                    .contains(head));
            WebhookProcess.await("the webhook's backups to end", wait, webhook::idle);
            WebhookProcess.await("lakeFS to record the failed hook", wait, () -> anyRunFailed("wrong-secret-repo"));
            assertThat(mainHeads("wrong-secret-repo")).as("a wrong secret backs nothing up").isEmpty();
            assertThat(webhook.err()).doesNotContain(LakeFsBackend.WEBHOOK_SECRET);
            assertThat(webhook.out()).doesNotContain(LakeFsBackend.WEBHOOK_SECRET)
                    .contains("backed up events-repo as generation");
            assertThat(webhook.stop()).as(webhook.err()).isZero();
        }
    }

    /** The main-branch heads the manifests at {@code s3://backups/events/<repo>} record. */
    private java.util.Set<String> mainHeads(String repo) {
        Location generations = Location.parse("s3://backups/events/" + repo + "/generations");
        java.util.Set<String> heads = new java.util.TreeSet<>();
        try (java.util.stream.Stream<org.lakefsbackup.core.store.ObjectInfo> s = w.store.list(generations, null)) {
            s.map(org.lakefsbackup.core.store.ObjectInfo::key).filter(k -> k.endsWith("/manifest.json")).forEach(k ->
                    org.lakefsbackup.core.model.Manifest.parse(w.store.get(generations.resolve(k)).orElseThrow(), k)
                            .branches().stream().filter(b -> b.name().equals("main"))
                            .forEach(b -> heads.add(b.commitId())));
        }
        return heads;
    }

    private boolean anyRunFailed(String repo) {
        try {
            return new io.lakefs.clients.sdk.ActionsApi(w.a.sdk()).listRepositoryRuns(repo).execute().getResults()
                    .stream().anyMatch(r -> r.getStatus() == io.lakefs.clients.sdk.model.ActionRun.StatusEnum.FAILED);
        } catch (io.lakefs.clients.sdk.ApiException e) {
            throw new AssertionError(e);
        }
    }

    /** The repository's {@code docs/} directory. */
    private static Path docs() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs/examples"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository's docs/ directory").isNotNull();
        return dir.resolve("docs");
    }
}

package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.error.CopyIncompleteException;
import org.lakefsbackup.core.lakefs.LakeFsConfig;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.workflow.BackupWorkflow;
import org.lakefsbackup.core.workflow.RestoreWorkflow;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.testkit.fault.FaultInjectingProxy;
import org.lakefsbackup.testkit.fault.FaultRule;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.store.ForwardingObjectStore;

/** Incremental generations, interrupted copies, throttling and corruption in the backup store. */
class IncrementalAndResilienceTest extends FixtureTest {




    static LocalRun.Finished<GenerationResult> backup(StepServices services, String repository, String to) {
        return LocalRun.run(services, ProgressListener.NONE, d -> { }, new BackupWorkflow(),
                new BackupRequest(repository, to, false));
    }

    static void restore(StepServices services, RestoreRequest request) {
        LocalRun.run(services, ProgressListener.NONE, d -> { }, new RestoreWorkflow(), request);
    }

    StepServices services(ObjectStore s3, Settings settings) {
        var lakefs = new SdkLakeFsClient(new LakeFsConfig(URI.create(f.a.endpoint()), Fixture.KEY, Fixture.SECRET));
        return new StepServices(lakefs, Storage.of(s3, LocalObjectStore.withLocalRoot(f.localRootA)),
                Clock.systemUTC(), settings);
    }

    Set<String> keys(Location prefix) {
        try (var s = f.store.list(prefix, null)) {
            return s.map(ObjectInfo::key).collect(Collectors.toCollection(HashSet::new));
        }
    }

    @Test
    void aSecondBackupCopiesExactlyTheNewObjectsAndEitherGenerationRestores() throws Exception {
        var sample = f.sample(f.a);
        var created = sample.create("incr-repo", "s3://source/incr-repo");
        S3ObjectStore s3 = f.s3.newStore();
        StepServices services = services(s3, Settings.defaults());
        var first = backup(services, "incr-repo", "s3://backups/incr");
        Location namespace = Location.parse("s3://source/incr-repo");
        Location held = Location.parse("s3://backups/incr/incr-repo/objects");
        assertThat(first.copied().copied()).isEqualTo(keys(namespace).size());

        sample.upload("incr-repo", "dev", Map.of("tables/events/part-0004.csv", "id\n6\n", "new/x.bin", "x"));
        String devHead2 = sample.commit("incr-repo", "dev", "second batch");
        Set<String> heldBefore = keys(held);
        StoreStats before = s3.stats();
        var second = backup(services, "incr-repo", "s3://backups/incr");
        StoreStats cost = s3.stats().minus(before);
        Set<String> fresh = keys(namespace);
        fresh.removeAll(heldBefore);
        assertThat(fresh).hasSizeGreaterThanOrEqualTo(3).anyMatch(k -> k.startsWith("data/"));
        assertThat(cost.requests("CopyObject")).isEqualTo(fresh.size());
        assertThat(second.copied().copied()).isEqualTo(fresh.size());
        assertThat(second.plan().totalObjects()).isGreaterThan(fresh.size());

        StoreStats beforeUnchanged = s3.stats();
        var third = backup(services, "incr-repo", "s3://backups/incr");
        StoreStats unchanged = s3.stats().minus(beforeUnchanged);
        assertThat(third.copied().copied()).isZero();
        assertThat(unchanged.requests("CopyObject")).isZero();
        assertThat(unchanged.requests("UploadPartCopy")).isZero();
        assertThat(unchanged.requests("HeadObject")).isLessThanOrEqualTo(1);

        var restoreServices = new StepServices(new SdkLakeFsClient(new LakeFsConfig(URI.create(f.b.endpoint()),
                Fixture.KEY, Fixture.SECRET)), services.storage(), Clock.systemUTC(), Settings.defaults());
        restore(restoreServices, new RestoreRequest("s3://backups/incr", "incr-repo", first.result().generation(),
                "incr-g1", "s3://target/incr-g1", false));
        restore(restoreServices, new RestoreRequest("s3://backups/incr", "incr-repo", second.result().generation(),
                "incr-g2", "s3://target/incr-g2", false));
        var b = f.sdk(f.b);
        assertThat(LakeFsReads.branches(b, "incr-g1", true)).isEqualTo(created.branches());
        assertThat(LakeFsReads.branches(b, "incr-g2", true).get("dev")).isEqualTo(devHead2);
        assertThat(f.sample(f.b).read("incr-g2", "dev", "new/x.bin")).isEqualTo("x");
    }

    @Test
    void anInterruptedCopyIsResumedByCopyingOnlyTheRest() throws Exception {
        f.sample(f.a).create("crash-repo", "s3://source/crash-repo");
        int k = 5;
        AtomicInteger copies = new AtomicInteger();
        S3ObjectStore s3 = f.s3.newStore();
        ObjectStore crashing = new ForwardingObjectStore(s3) {
            @Override
            public CopyResult copy(CopyRequest request) {
                if (copies.incrementAndGet() > k) {
                    throw new IllegalStateException("simulated crash of the copy function");
                }
                return super.copy(request);
            }
        };
        Settings oneAtATime = Settings.defaults().withCopyConcurrency(1).withCopyChunkSize(4);
        assertThatThrownBy(() -> backup(services(crashing, oneAtATime), "crash-repo", "s3://backups/crash"))
                .isInstanceOf(CopyIncompleteException.class).hasMessageContaining("run again");
        assertThat(keys(Location.parse("s3://backups/crash/crash-repo/objects"))).hasSize(k);
        assertThat(f.store.list(Location.parse("s3://backups/crash/crash-repo/generations"), null)
                .anyMatch(o -> o.key().endsWith("manifest.json"))).as("no generation committed").isFalse();

        StoreStats before = s3.stats();
        var rerun = backup(services(s3, oneAtATime), "crash-repo", "s3://backups/crash");
        long total = rerun.plan().totalObjects();
        assertThat(rerun.copied().copied()).isEqualTo(total - k);
        assertThat(s3.stats().minus(before).requests("CopyObject")).isEqualTo(total - k);
        assertThat(rerun.result().objects()).as("verified and committed").isEqualTo(total);
        assertThat(f.cli(f.a, "verify", "crash-repo", "--from", "s3://backups/crash").exit()).isZero();
    }

    @Test
    void thirtyPercentOfS3RequestsAnsweredSlowDownStillComplete() throws Exception {
        f.sample(f.a).create("throttled-repo", "s3://source/throttled-repo");
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(f.s3.endpoint(), FaultInjectingProxy.Mode.S3, 42)) {
            proxy.rules(FaultRule.slowDown(0.3));
            Map<String, String> env = f.env(f.a);
            env.put("LAKEFS_BACKUP_S3_ENDPOINT", proxy.endpoint().toString());
            Fixture.Result r = Fixture.cli(env, "backup", "throttled-repo", "--to", "s3://backups/throttled", "--json",
                    "-q");
            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode summary = r.result().get("backups").get(0);
            assertThat(proxy.faultsInjected()).isPositive();
            assertThat(summary.get("retries").asLong()).isPositive();
            assertThat(summary.get("objects").asLong()).isEqualTo(summary.get("copied_objects").asLong());
        }
        assertThat(f.cli(f.a, "verify", "throttled-repo", "--from", "s3://backups/throttled").exit()).isZero();
    }

    @Test
    void aChangedByteInTheBackupFailsVerifyWithExitCode3NamingTheKey() throws Exception {
        f.sample(f.a).create("corrupt-repo", "s3://source/corrupt-repo");
        assertThat(f.cli(f.a, "backup", "corrupt-repo", "--to", "s3://backups/corrupt", "-q").exit()).isZero();
        Location objects = Location.parse("s3://backups/corrupt/corrupt-repo/objects");
        String victim = keys(objects).stream().filter(k -> k.startsWith("data/")).sorted().findFirst().orElseThrow();
        byte[] content = f.store.get(objects.resolve(victim)).orElseThrow();
        content[0] ^= 0x01;
        f.store.put(objects.resolve(victim), content);
        Fixture.Result r = f.cli(f.a, "verify", "corrupt-repo", "--from", "s3://backups/corrupt");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out() + r.err()).contains(victim);
    }

    @Test
    void aChangedByteInTheBackupFailsARestoreWithExitCode3BeforeItsRefsAreRestored() throws Exception {
        f.sample(f.a).create("damaged-repo", "s3://source/damaged-repo");
        assertThat(f.cli(f.a, "backup", "damaged-repo", "--to", "s3://backups/damaged", "-q").exit()).isZero();
        Location objects = Location.parse("s3://backups/damaged/damaged-repo/objects");
        String victim = keys(objects).stream().filter(k -> k.startsWith("data/")).sorted().findFirst().orElseThrow();
        byte[] content = f.store.get(objects.resolve(victim)).orElseThrow();
        content[content.length - 1] ^= 0x01;
        f.store.put(objects.resolve(victim), content);

        Fixture.Result r = f.cli(f.b, "restore", "damaged-repo", "--from", "s3://backups/damaged", "--as",
                "damaged-copy", "--namespace", "s3://target/damaged-copy");

        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.out() + r.err()).contains(victim);
        assertThat(LakeFsReads.exists(f.sdk(f.b), "damaged-copy")).as("no repository with restored refs").isFalse();
        assertThat(f.store.head(Location.parse("s3://target/damaged-copy").resolve(victim))).isEmpty();
    }
}

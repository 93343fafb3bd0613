package org.lakefsbackup.tools.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.lakefsbackup.core.lakefs.LakeFsConfig;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.cli.LocalRun;
import org.lakefsbackup.core.workflow.BackupWorkflow;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.s3.EmbeddedS3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Backs up a repository whose namespace holds N extra small objects, through the embedded S3 server and the lakeFS
 * emulator in this JVM, twice: a full backup into an empty backup location, then an unchanged one. Each backup runs
 * {@link BackupWorkflow} (run in-process by {@link LocalRun}, the CLI's engine) on a fresh {@link S3ObjectStore} whose
 * request counts are the ones reported; lakeFS's own S3 requests (the emulator writing its refs dump into the
 * namespace) go through another store and are reported apart.
 *
 * <p>Setup, not measured: the sample repository ({@link SampleRepository}), then N objects of {@code objectSize}
 * random bytes written straight into the namespace under {@code data/bench/} with a plain S3 client, in parallel.
 */
public final class BackupBench {
    static final String REPOSITORY = "bench-repo";
    static final String NAMESPACE = "s3://bench-lakefs/" + REPOSITORY;
    static final String BACKUP = "s3://bench-backups/lakefs";
    private static final String KEY = "AKIABENCH";
    private static final String SECRET = "bench-secret-not-for-production";

    /**
     * How to run.
     *
     * @param objectSize      bytes per generated object
     * @param copyConcurrency concurrent copies per chunk ({@link Settings#copyConcurrency()})
     * @param setupThreads    threads writing the generated objects
     * @param onDisk          S3Proxy keeps objects in files under a temporary directory instead of in the heap
     */
    public record Options(int objectSize, int copyConcurrency, int setupThreads, boolean onDisk) {
        public Options {
            if (objectSize < 0 || copyConcurrency < 1 || setupThreads < 1) {
                throw new IllegalArgumentException("object size must not be negative, concurrency and threads positive");
            }
        }
    }

    /**
     * One backup.
     *
     * @param wallMs              wall time of the backup workflow
     * @param stepMs              time by step (a step lasts until the next starts; dump polls include their waits)
     * @param namespaceObjects    objects in the namespace (the generation's inventory)
     * @param copiedObjects       objects copied
     * @param copyObjectsPerSecond copied objects / time of the copy step
     * @param objectsPerSecond    namespace objects / wall time
     * @param requests            S3 requests this tool sent, by operation, retries included
     * @param totalRequests       their sum
     * @param requestsPerObject   total requests / namespace objects
     * @param retries             S3 attempts beyond the first (SDK retries) plus per-object copy retries
     * @param lakefsS3Requests    S3 requests the lakeFS emulator sent meanwhile (its dump), not counted above
     * @param lakefsApiCalls      lakeFS API calls the tool made
     * @param liveBeforeBytes     heap in use after a full collection before the backup (S3Proxy's data included)
     * @param peakHeapBytes       sum of the heap pools' peaks during the backup (garbage included)
     * @param liveAfterBytes      heap in use after a full collection after the backup
     * @param loadAverage         the machine's 1-minute load average when the backup ended
     */
    public record Phase(long wallMs, Map<String, Long> stepMs, long namespaceObjects, long copiedObjects,
                        long copyObjectsPerSecond, long objectsPerSecond, Map<String, Long> requests,
                        long totalRequests, double requestsPerObject, long retries, Map<String, Long> lakefsS3Requests,
                        long lakefsApiCalls, long liveBeforeBytes, long peakHeapBytes, long liveAfterBytes,
                        double loadAverage) {
    }

    /** Both backups of one N. */
    public record Result(int objects, int objectSize, boolean onDisk, long setupMs, Phase full, Phase unchanged,
                         Phase incremental) {
    }

    private final Options options;

    public BackupBench(Options options) {
        this.options = options;
    }

    public Result run(int objects) {
        Path disk = options.onDisk() ? createTempDirectory() : null;
        try (EmbeddedS3 s3 = disk == null ? EmbeddedS3.start() : EmbeddedS3.onDisk(disk);
             S3ObjectStore lakefsStore = s3.newStore();
             LakeFsEmulator lakefs = LakeFsEmulator.builder().storage(Storage.of(lakefsStore))
                     .credentials(KEY, SECRET).build().start()) {
            s3.createBucket("bench-lakefs");
            s3.createBucket("bench-backups");
            long t0 = System.nanoTime();
            new SampleRepository(SampleRepository.client(lakefs.endpoint(), KEY, SECRET)).create(REPOSITORY, NAMESPACE);
            writeObjects(s3, 0, objects);
            long setupMs = (System.nanoTime() - t0) / 1_000_000;

            Settings settings = Settings.defaults().withCopyConcurrency(options.copyConcurrency());
            try (S3ObjectStore store = s3.newStore();
                 var client = new SdkLakeFsClient(new LakeFsConfig(URI.create(lakefs.endpoint()), KEY, SECRET))) {
                StepServices services = new StepServices(client, Storage.of(store), Clock.systemUTC(), settings);
                Phase full = backup(services, store, lakefsStore, lakefs);
                if (full.copiedObjects() != full.namespaceObjects()) {
                    throw new IllegalStateException("the full backup copied " + full.copiedObjects() + " of "
                            + full.namespaceObjects() + " objects");
                }
                Phase unchanged = backup(services, store, lakefsStore, lakefs);
                if (unchanged.copiedObjects() != 0) {
                    throw new IllegalStateException("the unchanged backup copied " + unchanged.copiedObjects()
                            + " objects");
                }
                int added = Math.max(1, objects / 100);
                writeObjects(s3, objects, objects + added);
                Phase incremental = backup(services, store, lakefsStore, lakefs);
                if (incremental.copiedObjects() != added) {
                    throw new IllegalStateException("the incremental backup copied " + incremental.copiedObjects()
                            + " objects, not the " + added + " new ones");
                }
                return new Result(objects, options.objectSize(), options.onDisk(), setupMs, full, unchanged,
                        incremental);
            }
        } finally {
            if (disk != null) {
                deleteTree(disk);
            }
        }
    }

    private Phase backup(StepServices services, S3ObjectStore store, S3ObjectStore lakefsStore,
                         LakeFsEmulator lakefs) {
        StepTimer timer = new StepTimer();
        long liveBefore = HeapMeter.live();
        StoreStats before = store.stats();
        StoreStats lakefsBefore = lakefsStore.stats();
        lakefs.resetRequestCounts();
        HeapMeter.resetPeaks();
        long t0 = System.nanoTime();
        var outcome = LocalRun.run(services, timer, new BackupWorkflow(), new BackupRequest(REPOSITORY, BACKUP, false));
        long nanos = System.nanoTime() - t0;
        double load = BenchReport.Environment.loadAverage();
        long peak = HeapMeter.peak();
        Map<String, Long> steps = timer.finish();
        StoreStats cost = store.stats().minus(before);
        StoreStats lakefsCost = lakefsStore.stats().minus(lakefsBefore);
        long apiCalls = lakefs.requestCounts().values().stream().mapToLong(Long::longValue).sum();
        long liveAfter = HeapMeter.live();

        long total = outcome.plan() != null ? outcome.plan().totalObjects() : outcome.result().objects();
        long copied = outcome.copied().copied();
        long copyMs = steps.getOrDefault("copy", 0L);
        return new Phase(nanos / 1_000_000, steps, total, copied, copyMs == 0 ? 0 : copied * 1000 / copyMs,
                total * 1_000_000_000L / Math.max(1, nanos), cost.requestsByType(), cost.totalRequests(),
                (double) cost.totalRequests() / Math.max(1, total), cost.retries() + timer.retries(),
                lakefsCost.requestsByType(), apiCalls, liveBefore, peak, liveAfter, load);
    }

    /** Writes objects {@code from} to {@code to} (exclusive) of random bytes under {@code data/bench/}. */
    private void writeObjects(EmbeddedS3 s3, int from, int to) {
        int threads = Math.min(options.setupThreads(), Math.max(1, to - from));
        try (S3Client client = s3.newClient(s3.endpoint())) {
            Striped.run(threads, from, to, "writing the benchmark's objects", i -> {
                byte[] content = new byte[options.objectSize()];
                new SplittableRandom(i).nextBytes(content);
                String key = REPOSITORY + "/" + benchKey(i);
                client.putObject(b -> b.bucket("bench-lakefs").key(key), RequestBody.fromBytes(content));
            });
        }
    }

    /** The namespace key of generated object {@code i}: {@code data/bench/<i / 1000>/<i>}, zero-padded. */
    static String benchKey(int i) {
        return String.format(Locale.ROOT, "data/bench/%05d/%09d", i / 1000, i);
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("lakefs-backup-bench-s3");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

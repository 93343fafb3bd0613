package org.lakefsbackup.core.step;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.lakefsbackup.core.lease.Leases;
import org.lakefsbackup.core.retry.RetryPolicy;

/**
 * Tunables of the steps and workflows, the same on every host. Use {@link #defaults()} and the {@code with*}
 * methods; every default is a named constant here (the lease TTL in {@link Leases}, step attempts in
 * {@link RetryPolicy#STEP}).
 *
 * @param copyChunkSize        objects per copy-plan chunk, the unit of work of one copy step
 *                             ({@value #DEFAULT_COPY_CHUNK_SIZE})
 * @param inventoryChunkSize   entries per inventory chunk file ({@value #DEFAULT_INVENTORY_CHUNK_SIZE})
 * @param copyConcurrency      concurrent copies inside one copy step ({@value #DEFAULT_COPY_CONCURRENCY})
 * @param maxAttemptsPerObject attempts per object on retryable errors ({@value #DEFAULT_MAX_ATTEMPTS_PER_OBJECT})
 * @param taskTimeout          a lakeFS task with no progress ({@code update_time}) for this long is stale (1 h)
 * @param verifySampleSize     objects read per branch head when verifying a restore ({@value #DEFAULT_VERIFY_SAMPLE})
 * @param mutableKeys          namespace keys lakeFS rewrites in place; every other key is immutable
 * @param toolVersion          recorded in manifests
 * @param chunkConcurrency     copy steps run at once by the workflow's fan-out (in-process threads, Distributed Map
 *                             children, Durable activities) ({@value #DEFAULT_CHUNK_CONCURRENCY})
 * @param planBatchObjects     objects one plan step merges before it stops and the workflow calls it again
 *                             ({@value #DEFAULT_PLAN_BATCH_OBJECTS})
 * @param verifyBatchObjects   inventory entries one verify step checks before it stops and the workflow calls it
 *                             again ({@value #DEFAULT_VERIFY_BATCH_OBJECTS})
 * @param deleteBatchObjects   objects one prune delete step deletes before the workflow calls it again
 *                             ({@value #DEFAULT_DELETE_BATCH_OBJECTS})
 * @param leaseTtl             how long a lease lasts without renewal ({@link Leases#DEFAULT_TTL})
 * @param stepAttempts         attempts of a step that fails with a retryable error, when steps run in-process
 *                             (the cloud workflows declare {@link RetryPolicy#STEP}'s)
 */
public record Settings(int copyChunkSize, int inventoryChunkSize, int copyConcurrency, int maxAttemptsPerObject,
                       Duration taskTimeout, int verifySampleSize, List<String> mutableKeys, String toolVersion,
                       int chunkConcurrency, long planBatchObjects, long verifyBatchObjects, long deleteBatchObjects,
                       Duration leaseTtl, int stepAttempts) {

    public static final int DEFAULT_COPY_CHUNK_SIZE = 1_000;
    public static final int DEFAULT_INVENTORY_CHUNK_SIZE = 100_000;
    public static final int DEFAULT_COPY_CONCURRENCY = 16;
    public static final int DEFAULT_MAX_ATTEMPTS_PER_OBJECT = 5;
    public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofHours(1);
    public static final int DEFAULT_VERIFY_SAMPLE = 3;
    public static final int DEFAULT_CHUNK_CONCURRENCY = 4;
    /** Well inside a 15-minute function at about 1,000 keys per 100 ms listing page. */
    public static final long DEFAULT_PLAN_BATCH_OBJECTS = 2_000_000;
    /** Verifying lists one store and reads the inventory, so it takes more objects per call than planning. */
    public static final long DEFAULT_VERIFY_BATCH_OBJECTS = 5_000_000;
    /** A delete is two requests (a HEAD for the object's lock, then the DELETE): 100,000 take minutes, not 15. */
    public static final long DEFAULT_DELETE_BATCH_OBJECTS = 100_000;

    /** lakeFS's bookkeeping files that it overwrites; all other namespace objects are written once. */
    public static final List<String> DEFAULT_MUTABLE_KEYS =
            List.of("_lakefs/retention/gc/rules/config.json", "_lakefs/refs_manifest.json");

    public Settings {
        positive("copy chunk size", copyChunkSize);
        positive("inventory chunk size", inventoryChunkSize);
        positive("copy concurrency", copyConcurrency);
        positive("attempts per object", maxAttemptsPerObject);
        positive("chunk concurrency", chunkConcurrency);
        positive("step attempts", stepAttempts);
        if (copyConcurrency > 256) {
            throw new IllegalArgumentException("copy concurrency must be at most 256");
        }
        if (chunkConcurrency > 10_000) {
            throw new IllegalArgumentException("chunk concurrency must be at most 10000");
        }
        positiveDuration("task timeout", taskTimeout);
        positiveDuration("lease TTL", leaseTtl);
        if (verifySampleSize < 0) {
            throw new IllegalArgumentException("verify sample size must not be negative");
        }
        if (planBatchObjects < 1 || verifyBatchObjects < 1 || deleteBatchObjects < 1) {
            throw new IllegalArgumentException("plan, verify and delete batches must be at least 1 object");
        }
        mutableKeys = List.copyOf(mutableKeys);
        Objects.requireNonNull(toolVersion, "toolVersion");
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void positiveDuration(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    public static Settings defaults() {
        return new Builder().build();
    }

    public Settings withCopyChunkSize(int n) {
        return toBuilder().copyChunkSize(n).build();
    }

    public Settings withInventoryChunkSize(int n) {
        return toBuilder().inventoryChunkSize(n).build();
    }

    public Settings withCopyConcurrency(int n) {
        return toBuilder().copyConcurrency(n).build();
    }

    public Settings withMaxAttemptsPerObject(int n) {
        return toBuilder().maxAttemptsPerObject(n).build();
    }

    public Settings withTaskTimeout(Duration d) {
        return toBuilder().taskTimeout(d).build();
    }

    public Settings withChunkConcurrency(int n) {
        return toBuilder().chunkConcurrency(n).build();
    }

    /** Budgets of one plan and one verify step. */
    public Settings withBatches(long plan, long verify) {
        return toBuilder().planBatchObjects(plan).verifyBatchObjects(verify).build();
    }

    /** Objects one prune delete step deletes. */
    public Settings withDeleteBatchObjects(long n) {
        return toBuilder().deleteBatchObjects(n).build();
    }

    public Settings withLeaseTtl(Duration ttl) {
        return toBuilder().leaseTtl(ttl).build();
    }

    public Settings withStepAttempts(int attempts) {
        return toBuilder().stepAttempts(attempts).build();
    }

    private Builder toBuilder() {
        Builder b = new Builder();
        b.copyChunkSize = copyChunkSize;
        b.inventoryChunkSize = inventoryChunkSize;
        b.copyConcurrency = copyConcurrency;
        b.maxAttemptsPerObject = maxAttemptsPerObject;
        b.taskTimeout = taskTimeout;
        b.verifySampleSize = verifySampleSize;
        b.mutableKeys = mutableKeys;
        b.toolVersion = toolVersion;
        b.chunkConcurrency = chunkConcurrency;
        b.planBatchObjects = planBatchObjects;
        b.verifyBatchObjects = verifyBatchObjects;
        b.deleteBatchObjects = deleteBatchObjects;
        b.leaseTtl = leaseTtl;
        b.stepAttempts = stepAttempts;
        return b;
    }

    /** Collects the fields, starting from the defaults; {@link #build} validates them. */
    private static final class Builder {
        private int copyChunkSize = DEFAULT_COPY_CHUNK_SIZE;
        private int inventoryChunkSize = DEFAULT_INVENTORY_CHUNK_SIZE;
        private int copyConcurrency = DEFAULT_COPY_CONCURRENCY;
        private int maxAttemptsPerObject = DEFAULT_MAX_ATTEMPTS_PER_OBJECT;
        private Duration taskTimeout = DEFAULT_TASK_TIMEOUT;
        private int verifySampleSize = DEFAULT_VERIFY_SAMPLE;
        private List<String> mutableKeys = DEFAULT_MUTABLE_KEYS;
        private String toolVersion = ToolVersion.get();
        private int chunkConcurrency = DEFAULT_CHUNK_CONCURRENCY;
        private long planBatchObjects = DEFAULT_PLAN_BATCH_OBJECTS;
        private long verifyBatchObjects = DEFAULT_VERIFY_BATCH_OBJECTS;
        private long deleteBatchObjects = DEFAULT_DELETE_BATCH_OBJECTS;
        private Duration leaseTtl = Leases.DEFAULT_TTL;
        private int stepAttempts = RetryPolicy.STEP.maxAttempts();

        Builder copyChunkSize(int n) {
            copyChunkSize = n;
            return this;
        }

        Builder inventoryChunkSize(int n) {
            inventoryChunkSize = n;
            return this;
        }

        Builder copyConcurrency(int n) {
            copyConcurrency = n;
            return this;
        }

        Builder maxAttemptsPerObject(int n) {
            maxAttemptsPerObject = n;
            return this;
        }

        Builder taskTimeout(Duration d) {
            taskTimeout = d;
            return this;
        }

        Builder chunkConcurrency(int n) {
            chunkConcurrency = n;
            return this;
        }

        Builder planBatchObjects(long n) {
            planBatchObjects = n;
            return this;
        }

        Builder verifyBatchObjects(long n) {
            verifyBatchObjects = n;
            return this;
        }

        Builder deleteBatchObjects(long n) {
            deleteBatchObjects = n;
            return this;
        }

        Builder leaseTtl(Duration d) {
            leaseTtl = d;
            return this;
        }

        Builder stepAttempts(int n) {
            stepAttempts = n;
            return this;
        }

        Settings build() {
            return new Settings(copyChunkSize, inventoryChunkSize, copyConcurrency, maxAttemptsPerObject, taskTimeout,
                    verifySampleSize, mutableKeys, toolVersion, chunkConcurrency, planBatchObjects,
                    verifyBatchObjects, deleteBatchObjects, leaseTtl, stepAttempts);
        }
    }

    public boolean isMutable(String namespaceKey) {
        return mutableKeys.contains(namespaceKey);
    }
}

package org.lakefsbackup.core.step;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Tunables of the steps. Use {@link #defaults()} and the {@code with*} methods.
 *
 * @param copyChunkSize        objects per copy-plan chunk, the unit of work of one copy step (default 1,000)
 * @param inventoryChunkSize   entries per inventory chunk file (default 100,000)
 * @param copyConcurrency      concurrent copies inside one copy step (default 16)
 * @param maxAttemptsPerObject attempts per object on retryable errors, with jittered exponential backoff (default 5)
 * @param taskTimeout          a lakeFS task with no progress ({@code update_time}) for this long fails (default 1 h)
 * @param verifySampleSize     objects read per branch head when verifying a restore (default 3)
 * @param mutableKeys          namespace keys lakeFS rewrites in place; every other key is immutable
 * @param toolVersion          recorded in manifests
 */
public record Settings(int copyChunkSize, int inventoryChunkSize, int copyConcurrency, int maxAttemptsPerObject,
                       Duration taskTimeout, int verifySampleSize, List<String> mutableKeys, String toolVersion) {

    /** lakeFS's bookkeeping files that it overwrites; all other namespace objects are written once. */
    public static final List<String> DEFAULT_MUTABLE_KEYS =
            List.of("_lakefs/retention/gc/rules/config.json", "_lakefs/refs_manifest.json");

    public Settings {
        positive("copyChunkSize", copyChunkSize);
        positive("inventoryChunkSize", inventoryChunkSize);
        positive("copyConcurrency", copyConcurrency);
        positive("maxAttemptsPerObject", maxAttemptsPerObject);
        if (copyConcurrency > 256) {
            throw new IllegalArgumentException("copyConcurrency must be at most 256");
        }
        Objects.requireNonNull(taskTimeout, "taskTimeout");
        if (taskTimeout.isNegative() || taskTimeout.isZero()) {
            throw new IllegalArgumentException("taskTimeout must be positive");
        }
        if (verifySampleSize < 0) {
            throw new IllegalArgumentException("verifySampleSize must not be negative");
        }
        mutableKeys = List.copyOf(mutableKeys);
        Objects.requireNonNull(toolVersion, "toolVersion");
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    public static Settings defaults() {
        return new Settings(1_000, 100_000, 16, 5, Duration.ofHours(1), 3, DEFAULT_MUTABLE_KEYS, ToolVersion.get());
    }

    public Settings withCopyChunkSize(int n) {
        return new Settings(n, inventoryChunkSize, copyConcurrency, maxAttemptsPerObject, taskTimeout,
                verifySampleSize, mutableKeys, toolVersion);
    }

    public Settings withInventoryChunkSize(int n) {
        return new Settings(copyChunkSize, n, copyConcurrency, maxAttemptsPerObject, taskTimeout, verifySampleSize,
                mutableKeys, toolVersion);
    }

    public Settings withCopyConcurrency(int n) {
        return new Settings(copyChunkSize, inventoryChunkSize, n, maxAttemptsPerObject, taskTimeout,
                verifySampleSize, mutableKeys, toolVersion);
    }

    public Settings withMaxAttemptsPerObject(int n) {
        return new Settings(copyChunkSize, inventoryChunkSize, copyConcurrency, n, taskTimeout, verifySampleSize,
                mutableKeys, toolVersion);
    }

    public Settings withTaskTimeout(Duration d) {
        return new Settings(copyChunkSize, inventoryChunkSize, copyConcurrency, maxAttemptsPerObject, d,
                verifySampleSize, mutableKeys, toolVersion);
    }

    public boolean isMutable(String namespaceKey) {
        return mutableKeys.contains(namespaceKey);
    }
}

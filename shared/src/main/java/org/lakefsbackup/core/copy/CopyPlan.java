package org.lakefsbackup.core.copy;

import java.util.Objects;
import org.lakefsbackup.core.store.Location;

/**
 * The result of planning a copy: the plan's chunks live under {@code planPrefix}; items hold keys relative to
 * {@code sourceRoot} and {@code targetRoot}.
 *
 * @param totalObjects  objects the generation holds
 * @param totalBytes    their bytes
 * @param copyObjects   objects that must be copied (the rest are already at the target)
 * @param copyBytes     their bytes
 * @param inventoryChunks chunks of the inventory written by a backup plan (0 for restores)
 * @param copiedPrefix   where copy steps record what each copy wrote ({@link CopiedObject}s, one part per plan
 *                        chunk), for the verification of a new generation; {@code null} when not recorded (restores)
 */
public record CopyPlan(String sourceRoot, String targetRoot, String planPrefix, int chunks, long totalObjects,
                       long totalBytes, long copyObjects, long copyBytes, int inventoryChunks, String copiedPrefix) {
    public CopyPlan {
        Location.parse(sourceRoot);
        Location.parse(targetRoot);
        Location.parse(planPrefix);
        if (copiedPrefix != null) {
            Location.parse(copiedPrefix);
        }
        if (chunks < 0 || inventoryChunks < 0 || totalObjects < 0 || totalBytes < 0 || copyObjects < 0 || copyBytes < 0) {
            throw new IllegalArgumentException("plan counts must not be negative");
        }
        Objects.requireNonNull(planPrefix);
    }

    /** A plan whose copies are not recorded. */
    public CopyPlan(String sourceRoot, String targetRoot, String planPrefix, int chunks, long totalObjects,
                    long totalBytes, long copyObjects, long copyBytes, int inventoryChunks) {
        this(sourceRoot, targetRoot, planPrefix, chunks, totalObjects, totalBytes, copyObjects, copyBytes,
                inventoryChunks, null);
    }

    public long skippedObjects() {
        return totalObjects - copyObjects;
    }
}

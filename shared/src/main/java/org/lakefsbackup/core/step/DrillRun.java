package org.lakefsbackup.core.step;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.lakefsbackup.core.store.Location;

/**
 * What the drill's first step decided; the input of its later steps. The drill holds the lease of its temporary
 * repository's name ({@code name}) as {@code runId}; its restore runs under the same run id, so it continues under
 * that lease.
 *
 * @param generation the generation the drill restores (resolved: never {@code latest} or {@code rotate})
 * @param namespace  the drill's temporary namespace, {@code <prefix>/<name>/<run id>}
 * @param leftovers  temporary namespaces an earlier drill of this name left behind (it stopped before it removed
 *                   them), removed before this drill restores
 * @param warnings   what the drill found and leaves alone (objects under its prefix that no drill recorded)
 * @param restore    the restore the drill runs: the generation into {@code name} at {@code namespace}
 */
public record DrillRun(String backup, String repository, String name, String runId, String generation,
                       String namespace, Instant startedAt, int sampleObjects, List<String> leftovers,
                       List<String> warnings, RestoreRequest restore) {
    public DrillRun {
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(name, "name");
        RunRef.requireId("run id", runId);
        Objects.requireNonNull(generation, "generation");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(startedAt, "startedAt");
        leftovers = leftovers == null ? List.of() : List.copyOf(leftovers);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        Objects.requireNonNull(restore, "restore");
    }

    /** The backup location. */
    public Location backupLocation() {
        return Location.parse(backup);
    }
}

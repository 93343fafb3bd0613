package org.lakefsbackup.core.step;

import java.util.List;
import java.util.Objects;
import org.lakefsbackup.core.model.Manifest;

/**
 * What the prepare step learned; written to the run's scratch as {@code prepared.json} and returned. The run id is the
 * generation id the backup will commit.
 *
 * @param committed the run's generation was already committed (the run is being run again after it ended): the
 *                  workflow only returns it
 * @param previous  the repository's latest committed generation, when it was backed up from the same namespace
 *                  ({@code null} for a first backup or after the repository moved): what the plan takes the backup's
 *                  holdings from and, when its {@code same_refs} holds, what the run may find still current
 */
public record BackupRun(RunRef run, String namespace, String defaultBranch, String storageId, boolean readOnly,
                        String lakefsVersion, boolean asyncApi, boolean commitUncommitted,
                        List<Manifest.Uncommitted> uncommitted, List<String> warnings, boolean committed,
                        PreviousGeneration previous)
        implements RunScoped {
    public BackupRun {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(namespace, "namespace");
        uncommitted = List.copyOf(uncommitted);
        warnings = List.copyOf(warnings);
    }

    /** Whether the commit step has anything to do. */
    public boolean mustCommit() {
        return commitUncommitted && !uncommitted.isEmpty();
    }

    /** Whether the run compares the namespace with the previous generation's inventory before dumping. */
    public boolean mayBeUnchanged() {
        return previous != null && previous.sameRefs() && !mustCommit();
    }
}

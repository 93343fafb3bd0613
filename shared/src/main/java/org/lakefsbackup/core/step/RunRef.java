package org.lakefsbackup.core.step;

import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * Names one backup or restore run: the backup location, the (source) repository, the run id, the repository name
 * whose lease the run holds and the attempt that holds it. Every step input carries one; what the run has learned
 * so far lives in documents in its scratch ({@code _runs/<repository>/<runId>/}), not in payloads.
 *
 * @param backup     the backup location
 * @param repository the backed-up repository (its backup root holds the run's scratch)
 * @param runId      the run: a backup's generation id, a restore's run id (kept when a restore is resumed)
 * @param lease      the repository name whose lease the run holds: the repository for a backup, the target for a
 *                   restore; {@code null} means {@code repository}
 * @param owner      the attempt holding the lease (an execution name, a process's id); {@code null} means
 *                   {@code runId}
 */
public record RunRef(String backup, String repository, String runId, String lease, String owner) implements RunScoped {
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("^[0-9A-Za-z][0-9A-Za-z._-]{0,127}$");

    public RunRef {
        Location.parse(backup);
        RepositoryName.require(repository);
        requireId("run id", runId);
        lease = lease == null ? repository : RepositoryName.require(lease);
        owner = owner == null ? runId : owner;
        requireId("owner", owner);
    }

    /** A run holding the lease of its own repository, owned by itself. */
    public RunRef(String backup, String repository, String runId) {
        this(backup, repository, runId, null, null);
    }

    /** Throws INVALID_INPUT unless {@code id} can name a run or an attempt. */
    public static String requireId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ErrorCode.INVALID_INPUT.exception("invalid " + what + " '" + id + "': 1-128 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit");
        }
        return id;
    }

    /** This run (a step taking a bare run reference belongs to it). */
    @Override
    public RunRef run() {
        return this;
    }

    public BackupLayout layout() {
        return new BackupLayout(Location.parse(backup), repository);
    }

    /** The backup location. */
    public Location backupLocation() {
        return Location.parse(backup);
    }
}

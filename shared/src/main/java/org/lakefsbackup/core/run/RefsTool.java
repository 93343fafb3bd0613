package org.lakefsbackup.core.run;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.MetaRangeIds;
import org.lakefsbackup.core.lakefs.NamedRef;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.lakefs.ServerInfo;
import org.lakefsbackup.core.lakefs.TaskPoller;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.retry.RetryPolicy;
import org.lakefsbackup.core.retry.Sleeper;
import org.lakefsbackup.core.step.RepositorySelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * lakeFS's {@code scripts/refs/lakefs-refs.py} workflow on the asynchronous API: dump refs to a
 * {@code <repo>_manifest.json} (optionally committing first and deleting the repository record after), and
 * restore such manifests into bare repositories. Reads and writes the script's exact manifest format. Does not copy
 * data: the namespace must already hold the objects (use {@code backup}/{@code restore} for that).
 */
public final class RefsTool {
    private static final Logger LOG = LoggerFactory.getLogger(RefsTool.class);

    private final LakeFsClient lakefs;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryPolicy retry;
    private final TaskPoller poller;

    /**
     * @param taskTimeout  a task with no progress for this long is stale
     * @param stepAttempts attempts of a call that fails with a retryable error ({@link RetryPolicy#STEP}'s waits)
     * @param sleeper      waits between retries and polls ({@link RetryPolicy#POLL})
     */
    public RefsTool(LakeFsClient lakefs, Clock clock, Duration taskTimeout, int stepAttempts, Sleeper sleeper) {
        this.lakefs = lakefs;
        this.clock = clock;
        this.sleeper = sleeper;
        this.retry = RetryPolicy.STEP.withMaxAttempts(stepAttempts);
        this.poller = new TaskPoller(RetryPolicy.POLL, taskTimeout, clock, sleeper);
    }

    /** Names of every repository the credentials can list. */
    public List<String> listRepositories() {
        return RepositorySelection.select(lakefs, List.of());
    }

    private <T> T retried(java.util.function.Supplier<T> call) {
        return retry.run(call, sleeper, (attempt, e) -> LOG.warn("lakeFS call failed (attempt {}), "
                + "retrying: {}", attempt, e.getMessage()));
    }

    /**
     * Dumps a repository's refs and returns the manifest to write.
     *
     * @param commit commit uncommitted changes on every branch first
     */
    public Manifest dump(String repository, boolean commit) {
        RepositoryName.require(repository);
        RepositoryInfo repo = lakefs.getRepository(repository).orElseThrow(() ->
                ErrorCode.NOT_FOUND.exception("repository '" + repository + "' does not exist on " + lakefs.endpoint()));
        if (commit) {
            commitAll(repository);
        }
        ServerInfo server = lakefs.serverInfo();
        MetaRangeIds refs;
        if (server.hasAsyncDumpRestore()) {
            String task = retried(() -> lakefs.submitDump(repository));
            refs = poller.await("dump task " + task + " of '" + repository + "'",
                    () -> retried(() -> lakefs.dumpStatus(repository, task))).refs();
        } else {
            refs = lakefs.dumpRefsSync(repository);
        }
        return Manifest.refsOnly(new Manifest.Repository(repo.name(), repo.storageNamespace(), repo.defaultBranch(),
                repo.storageId()), refs);
    }

    /** Deletes the repository record (never its storage), after its manifest was written. */
    public void delete(String repository) {
        lakefs.deleteRepository(repository, false);
        LOG.info("deleted repository record {}", repository);
    }

    /**
     * Creates a bare repository from the manifest's {@code repository} object and restores its refs.
     *
     * @param ignoreStorageId do not send {@code storage_id}
     */
    public void restore(Manifest manifest, boolean ignoreStorageId) {
        Manifest.Repository r = manifest.repository();
        lakefs.createBareRepository(r.name(), r.storageNamespace(), r.defaultBranch(),
                ignoreStorageId ? "" : r.storageId(), false);
        try {
            ServerInfo server = lakefs.serverInfo();
            if (server.hasAsyncDumpRestore()) {
                String task = retried(() -> lakefs.submitRestore(r.name(), manifest.refs(), false));
                poller.await("restore task " + task + " into '" + r.name() + "'",
                        () -> retried(() -> lakefs.restoreStatus(r.name(), task)));
            } else {
                lakefs.restoreRefsSync(r.name(), manifest.refs(), false);
            }
        } catch (LakeFsBackupException e) {
            // unlike lakefs-refs.py, leave nothing behind that would make a re-run fail with 409
            try {
                lakefs.deleteRepository(r.name(), true);
            } catch (LakeFsBackupException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void commitAll(String repository) {
        List<String> branches = new ArrayList<>();
        try (Stream<NamedRef> s = lakefs.listBranches(repository, true)) {
            s.forEach(b -> branches.add(b.name()));
        }
        for (String branch : branches) {
            var changes = lakefs.uncommittedChanges(repository, branch, 100);
            if (!changes.any()) {
                LOG.info("no uncommitted changes in branch {}", branch);
                continue;
            }
            LOG.info("found {}{} uncommitted changes in branch {}", changes.paths().size(), changes.more() ? "+" : "",
                    branch);
            lakefs.commit(repository, branch, "Committed changes for dump",
                    Map.of("dump", LocalDateTime.now(clock).toString()));
            LOG.info("committed changes in branch {}", branch);
        }
    }
}

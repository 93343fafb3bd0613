package org.lakefsbackup.core.lakefs;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The port to one lakeFS server. Listing methods page lazily. Errors are
 * {@link org.lakefsbackup.core.error.LakeFsBackupException}s carrying lakeFS's {@code message}: 429 and 5xx are
 * retryable, 400, 401, 403, 404 and 409 are not. Implementations are thread-safe.
 */
public interface LakeFsClient extends AutoCloseable {

    /**
     * A client that {@code factory} builds on its first call, once, so a process whose steps never call lakeFS
     * (a cloud function running a store-only step) never needs lakeFS's credentials. A factory that fails fails that
     * call and is tried again on the next. {@link #close()} closes the client only if it was built.
     */
    static LakeFsClient lazy(java.util.function.Supplier<? extends LakeFsClient> factory) {
        return LazyLakeFsClient.create(factory);
    }

    /** The endpoint this client talks to, without credentials (for manifests and logs). */
    String endpoint();

    /** {@code GET /config}: version and block store. */
    ServerInfo serverInfo();

    Optional<RepositoryInfo> getRepository(String repository);

    Stream<RepositoryInfo> listRepositories();

    /** Branches, including hidden ones when asked. */
    Stream<NamedRef> listBranches(String repository, boolean showHidden);

    Stream<NamedRef> listTags(String repository);

    /** Creates a branch at {@code source} (a commit id or ref), hidden if asked. */
    NamedRef createBranch(String repository, String branch, String source, boolean hidden);

    void deleteBranch(String repository, String branch);

    /** Commits reachable from {@code ref}, newest first. */
    Stream<CommitInfo> logCommits(String repository, String ref);

    /** The first page (up to {@code amount}) of uncommitted changes on a branch. */
    UncommittedChanges uncommittedChanges(String repository, String branch, int amount);

    /** Commits the branch's staged changes. */
    CommitInfo commit(String repository, String branch, String message, Map<String, String> metadata);

    /** {@code POST /repositories/{repo}/dump}: the task id ({@code DR...}). */
    String submitDump(String repository);

    TaskStatus dumpStatus(String repository, String taskId);

    /** {@code PUT /repositories/{repo}/refs/dump}, the synchronous API for servers older than 1.3.0. */
    MetaRangeIds dumpRefsSync(String repository);

    /** {@code POST /repositories/{repo}/restore}: the task id ({@code RR...}). */
    String submitRestore(String repository, MetaRangeIds refs, boolean force);

    TaskStatus restoreStatus(String repository, String taskId);

    /** {@code PUT /repositories/{repo}/refs/restore}, the synchronous API for servers older than 1.3.0. */
    void restoreRefsSync(String repository, MetaRangeIds refs, boolean force);

    /** {@code POST /repositories?bare=true}. */
    RepositoryInfo createBareRepository(String name, String storageNamespace, String defaultBranch, String storageId,
                                        boolean readOnly);

    /**
     * Deletes the repository record (lakeFS never deletes storage). A repository already gone counts as deleted: real
     * lakeFS may still resolve a deleted repository's name from its cache for a few seconds.
     */
    void deleteRepository(String repository, boolean force);

    /** Branch protection rule patterns. */
    List<String> getBranchProtectionRules(String repository);

    void setBranchProtectionRules(String repository, List<String> patterns);

    Map<String, String> getRepositoryMetadata(String repository);

    void setRepositoryMetadata(String repository, Map<String, String> metadata);

    /** Objects on a ref, paged lazily. */
    Stream<ObjectEntry> listObjects(String repository, String ref);

    /** Reads an object on a ref. The caller closes the stream. */
    InputStream getObject(String repository, String ref, String path);

    @Override
    default void close() {
    }
}

package org.lakefsbackup.testkit.lakefs;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.lakefsbackup.core.lakefs.CommitInfo;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.MetaRangeIds;
import org.lakefsbackup.core.lakefs.NamedRef;
import org.lakefsbackup.core.lakefs.ObjectEntry;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.lakefs.ServerInfo;
import org.lakefsbackup.core.lakefs.TaskStatus;
import org.lakefsbackup.core.lakefs.UncommittedChanges;

/**
 * A lakeFS client that delegates every call; tests override what they break (a crash after lakeFS accepted a call,
 * a failure after the k-th change). Thread-safe if the delegate is.
 */
public class ForwardingLakeFsClient implements LakeFsClient {
    private final LakeFsClient delegate;

    public ForwardingLakeFsClient(LakeFsClient delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String endpoint() {
        return delegate.endpoint();
    }

    @Override
    public ServerInfo serverInfo() {
        return delegate.serverInfo();
    }

    @Override
    public Optional<RepositoryInfo> getRepository(String repository) {
        return delegate.getRepository(repository);
    }

    @Override
    public Stream<RepositoryInfo> listRepositories() {
        return delegate.listRepositories();
    }

    @Override
    public Stream<NamedRef> listBranches(String repository, boolean showHidden) {
        return delegate.listBranches(repository, showHidden);
    }

    @Override
    public Stream<NamedRef> listTags(String repository) {
        return delegate.listTags(repository);
    }

    @Override
    public NamedRef createBranch(String repository, String branch, String source, boolean hidden) {
        return delegate.createBranch(repository, branch, source, hidden);
    }

    @Override
    public void deleteBranch(String repository, String branch) {
        delegate.deleteBranch(repository, branch);
    }

    @Override
    public Stream<CommitInfo> logCommits(String repository, String ref) {
        return delegate.logCommits(repository, ref);
    }

    @Override
    public UncommittedChanges uncommittedChanges(String repository, String branch, int amount) {
        return delegate.uncommittedChanges(repository, branch, amount);
    }

    @Override
    public CommitInfo commit(String repository, String branch, String message, Map<String, String> metadata) {
        return delegate.commit(repository, branch, message, metadata);
    }

    @Override
    public String submitDump(String repository) {
        return delegate.submitDump(repository);
    }

    @Override
    public TaskStatus dumpStatus(String repository, String taskId) {
        return delegate.dumpStatus(repository, taskId);
    }

    @Override
    public MetaRangeIds dumpRefsSync(String repository) {
        return delegate.dumpRefsSync(repository);
    }

    @Override
    public String submitRestore(String repository, MetaRangeIds refs, boolean force) {
        return delegate.submitRestore(repository, refs, force);
    }

    @Override
    public TaskStatus restoreStatus(String repository, String taskId) {
        return delegate.restoreStatus(repository, taskId);
    }

    @Override
    public void restoreRefsSync(String repository, MetaRangeIds refs, boolean force) {
        delegate.restoreRefsSync(repository, refs, force);
    }

    @Override
    public RepositoryInfo createBareRepository(String name, String storageNamespace, String defaultBranch,
                                               String storageId, boolean readOnly) {
        return delegate.createBareRepository(name, storageNamespace, defaultBranch, storageId, readOnly);
    }

    @Override
    public void deleteRepository(String repository, boolean force) {
        delegate.deleteRepository(repository, force);
    }

    @Override
    public List<String> getBranchProtectionRules(String repository) {
        return delegate.getBranchProtectionRules(repository);
    }

    @Override
    public void setBranchProtectionRules(String repository, List<String> patterns) {
        delegate.setBranchProtectionRules(repository, patterns);
    }

    @Override
    public Map<String, String> getRepositoryMetadata(String repository) {
        return delegate.getRepositoryMetadata(repository);
    }

    @Override
    public void setRepositoryMetadata(String repository, Map<String, String> metadata) {
        delegate.setRepositoryMetadata(repository, metadata);
    }

    @Override
    public Stream<ObjectEntry> listObjects(String repository, String ref) {
        return delegate.listObjects(repository, ref);
    }

    @Override
    public InputStream getObject(String repository, String ref, String path) {
        return delegate.getObject(repository, ref, path);
    }

    @Override
    public void close() {
        delegate.close();
    }
}

package org.lakefsbackup.core.lakefs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.gson.JsonParseException;
import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.CommitsApi;
import io.lakefs.clients.sdk.ConfigApi;
import io.lakefs.clients.sdk.InternalApi;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.RefsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.TagsApi;
import io.lakefs.clients.sdk.model.BranchProtectionRule;
import io.lakefs.clients.sdk.model.Commit;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.Diff;
import io.lakefs.clients.sdk.model.DiffList;
import io.lakefs.clients.sdk.model.ObjectStats;
import io.lakefs.clients.sdk.model.Pagination;
import io.lakefs.clients.sdk.model.Ref;
import io.lakefs.clients.sdk.model.RefList;
import io.lakefs.clients.sdk.model.RefsDump;
import io.lakefs.clients.sdk.model.RefsRestore;
import io.lakefs.clients.sdk.model.Repository;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakefs.clients.sdk.model.RepositoryDumpStatus;
import io.lakefs.clients.sdk.model.RepositoryMetadataSet;
import io.lakefs.clients.sdk.model.RepositoryRestoreStatus;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lakefs.LakeFsErrorMapper.Kind;
import org.lakefsbackup.core.lakefs.PagedStream.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LakeFsClient} over the generated lakeFS Java SDK ({@code io.lakefs:sdk}), authenticating with HTTP Basic.
 * Listings fetch pages of {@value #PAGE_SIZE} lazily. Thread-safe; {@link #close()} releases the HTTP connection pool.
 */
public final class SdkLakeFsClient implements LakeFsClient {
    /** The page size asked for in listings: lakeFS's maximum. */
    public static final int PAGE_SIZE = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(SdkLakeFsClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "lakefs-backup";

    private final String endpoint;
    private final ApiClient apiClient;
    private final LakeFsErrorMapper errors;
    private final RepositoriesApi repositories;
    private final BranchesApi branches;
    private final TagsApi tags;
    private final RefsApi refs;
    private final CommitsApi commits;
    private final ObjectsApi objects;
    private final InternalApi internal;
    private final ConfigApi config;

    public SdkLakeFsClient(LakeFsConfig config) {
        Objects.requireNonNull(config, "config");
        this.endpoint = config.endpoint().toString();
        this.apiClient = new ApiClient();
        apiClient.setBasePath(endpoint);
        apiClient.setUsername(config.accessKeyId());
        apiClient.setPassword(config.secretAccessKey());
        apiClient.setConnectTimeout((int) config.connectTimeout().toMillis());
        apiClient.setReadTimeout((int) config.readTimeout().toMillis());
        apiClient.setWriteTimeout((int) config.readTimeout().toMillis());
        apiClient.setUserAgent(USER_AGENT);
        this.errors = new LakeFsErrorMapper(endpoint);
        this.repositories = new RepositoriesApi(apiClient);
        this.branches = new BranchesApi(apiClient);
        this.tags = new TagsApi(apiClient);
        this.refs = new RefsApi(apiClient);
        this.commits = new CommitsApi(apiClient);
        this.objects = new ObjectsApi(apiClient);
        this.internal = new InternalApi(apiClient);
        this.config = new ConfigApi(apiClient);
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public ServerInfo serverInfo() {
        String operation = "get the server config";
        String text;
        try (Response response = executeRaw(operation, () -> config.getConfig().buildCall(null))) {
            ResponseBody body = response.body();
            text = body == null ? "" : body.string();
        } catch (IOException e) {
            throw errors.map(operation, new ApiException(e));
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw ErrorCode.INTERNAL.exception("lakeFS answered " + operation + " with malformed JSON", e);
        }
        if (root == null) {
            root = JSON.createObjectNode();
        }
        JsonNode storage = root.path("storage_config");
        if (!storage.isObject()) {
            // Multi-store servers may report only the list.
            storage = root.path("storage_config_list").path(0);
        }
        String version = text(root.path("version_config").path("version"));
        return new ServerInfo(version == null ? "unknown" : version, text(storage.path("blockstore_type")),
                text(storage.path("blockstore_namespace_ValidityRegex")));
    }

    @Override
    public Optional<RepositoryInfo> getRepository(String repository) {
        requireName(repository);
        try {
            return Optional.of(toInfo(repositories.getRepository(repository).execute(), false));
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw errors.map("get repository " + quote(repository), e);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw unexpected("get repository " + quote(repository), e);
        }
    }

    @Override
    public Stream<RepositoryInfo> listRepositories() {
        return PagedStream.of("repositories", after -> call("list repositories", () -> {
            var list = repositories.listRepositories().after(after).amount(PAGE_SIZE).execute();
            return page(list.getResults(), list.getPagination(), r -> toInfo(r, false));
        }));
    }

    @Override
    public Stream<NamedRef> listBranches(String repository, boolean showHidden) {
        requireName(repository);
        String operation = "list branches of " + quote(repository);
        return PagedStream.of(operation, after -> call(operation, () -> {
            RefList list = branches.listBranches(repository).after(after).amount(PAGE_SIZE).showHidden(showHidden)
                    .execute();
            return page(list.getResults(), list.getPagination(), SdkLakeFsClient::toRef);
        }));
    }

    @Override
    public Stream<NamedRef> listTags(String repository) {
        requireName(repository);
        String operation = "list tags of " + quote(repository);
        return PagedStream.of(operation, after -> call(operation, () -> {
            RefList list = tags.listTags(repository).after(after).amount(PAGE_SIZE).execute();
            return page(list.getResults(), list.getPagination(), SdkLakeFsClient::toRef);
        }));
    }

    @Override
    public NamedRef createBranch(String repository, String branch, String source, boolean hidden) {
        requireName(repository);
        String operation = "create branch " + quote(branch) + " in " + quote(repository);
        call(operation, () -> branches.createBranch(repository,
                new BranchCreation().name(branch).source(source).hidden(hidden)).execute());
        return new NamedRef(branch, call(operation, () -> branches.getBranch(repository, branch).execute())
                .getCommitId());
    }

    @Override
    public void deleteBranch(String repository, String branch) {
        requireName(repository);
        call("delete branch " + quote(branch) + " of " + quote(repository), () -> {
            branches.deleteBranch(repository, branch).execute();
            return null;
        });
    }

    @Override
    public Stream<CommitInfo> logCommits(String repository, String ref) {
        requireName(repository);
        Objects.requireNonNull(ref, "ref");
        String operation = "list commits of " + quote(repository) + " at " + quote(ref);
        return PagedStream.of(operation, after -> call(operation, () -> {
            var list = refs.logCommits(repository, ref).after(after).amount(PAGE_SIZE).execute();
            return page(list.getResults(), list.getPagination(), SdkLakeFsClient::toCommit);
        }));
    }

    @Override
    public UncommittedChanges uncommittedChanges(String repository, String branch, int amount) {
        requireName(repository);
        Objects.requireNonNull(branch, "branch");
        if (amount < 1 || amount > PAGE_SIZE) {
            throw ErrorCode.INVALID_INPUT.exception("amount must be between 1 and " + PAGE_SIZE + ": " + amount);
        }
        DiffList diff = call("list uncommitted changes on branch " + quote(branch) + " of " + quote(repository),
                () -> branches.diffBranch(repository, branch).amount(amount).execute());
        List<String> paths = diff.getResults() == null ? List.of()
                : diff.getResults().stream().map(Diff::getPath).filter(Objects::nonNull).toList();
        return new UncommittedChanges(branch, paths, hasMore(diff.getPagination()));
    }

    @Override
    public CommitInfo commit(String repository, String branch, String message, Map<String, String> metadata) {
        requireName(repository);
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(message, "message");
        CommitCreation creation = new CommitCreation().message(message)
                .metadata(metadata == null ? new HashMap<>() : new HashMap<>(metadata));
        Commit commit = call(Kind.COMMIT, "commit on branch " + quote(branch) + " of " + quote(repository),
                () -> commits.commit(repository, branch, creation).execute());
        LOG.debug("Committed {} on branch {} of {}", commit.getId(), branch, repository);
        return toCommit(commit);
    }

    @Override
    public String submitDump(String repository) {
        requireName(repository);
        String id = call("submit a refs dump of " + quote(repository),
                () -> repositories.dumpSubmit(repository).execute()).getId();
        LOG.debug("Submitted dump task {} of {}", id, repository);
        return id;
    }

    @Override
    public TaskStatus dumpStatus(String repository, String taskId) {
        requireName(repository);
        Objects.requireNonNull(taskId, "taskId");
        String operation = "get the status of dump task " + taskId + " of " + quote(repository);
        RepositoryDumpStatus status = call(Kind.TASK_STATUS, operation,
                () -> repositories.dumpStatus(repository, taskId).execute());
        boolean done = Boolean.TRUE.equals(status.getDone());
        boolean failed = status.getError() != null && !status.getError().isEmpty();
        MetaRangeIds ids = null;
        if (done && !failed) {
            if (status.getRefs() == null) {
                throw ErrorCode.INTERNAL.exception("lakeFS reported dump task " + taskId + " of "
                        + quote(repository) + " done without error but without refs");
            }
            ids = toIds(status.getRefs());
        }
        return new TaskStatus(orElse(status.getId(), taskId), done, instant(operation, status.getUpdateTime()),
                status.getError(), ids);
    }

    @Override
    public MetaRangeIds dumpRefsSync(String repository) {
        requireName(repository);
        return toIds(call("dump refs of " + quote(repository), () -> internal.dumpRefs(repository).execute()));
    }

    @Override
    public String submitRestore(String repository, MetaRangeIds ids, boolean force) {
        requireName(repository);
        RefsRestore body = toRestore(ids, force);
        String id = call("submit a refs restore into " + quote(repository),
                () -> repositories.restoreSubmit(repository, body).execute()).getId();
        LOG.debug("Submitted restore task {} into {}", id, repository);
        return id;
    }

    @Override
    public TaskStatus restoreStatus(String repository, String taskId) {
        requireName(repository);
        Objects.requireNonNull(taskId, "taskId");
        String operation = "get the status of restore task " + taskId + " of " + quote(repository);
        RepositoryRestoreStatus status = call(Kind.TASK_STATUS, operation,
                () -> repositories.restoreStatus(repository, taskId).execute());
        return new TaskStatus(orElse(status.getId(), taskId), Boolean.TRUE.equals(status.getDone()),
                instant(operation, status.getUpdateTime()), status.getError(), null);
    }

    @Override
    public void restoreRefsSync(String repository, MetaRangeIds ids, boolean force) {
        requireName(repository);
        RefsRestore body = toRestore(ids, force);
        call("restore refs into " + quote(repository), () -> {
            internal.restoreRefs(repository, body).execute();
            return null;
        });
    }

    @Override
    public RepositoryInfo createBareRepository(String name, String storageNamespace, String defaultBranch,
                                               String storageId, boolean readOnly) {
        requireName(name);
        Objects.requireNonNull(storageNamespace, "storageNamespace");
        Objects.requireNonNull(defaultBranch, "defaultBranch");
        RepositoryCreation creation = new RepositoryCreation().name(name).storageNamespace(storageNamespace)
                .defaultBranch(defaultBranch);
        if (storageId != null && !storageId.isEmpty()) {
            creation.storageId(storageId);
        }
        if (readOnly) {
            creation.readOnly(true);
        }
        Repository created = call("create bare repository " + quote(name) + " on " + storageNamespace,
                () -> repositories.createRepository(creation).bare(true).execute());
        LOG.debug("Created bare repository {} on {}", name, storageNamespace);
        return toInfo(created, readOnly);
    }

    @Override
    public void deleteRepository(String repository, boolean force) {
        requireName(repository);
        try {
            call("delete repository " + quote(repository), () -> {
                repositories.deleteRepository(repository).force(force).execute();
                return null;
            });
        } catch (LakeFsBackupException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            LOG.debug("Repository {} was already deleted", repository);
            return;
        }
        LOG.debug("Deleted repository {}", repository);
    }

    @Override
    public List<String> getBranchProtectionRules(String repository) {
        requireName(repository);
        List<BranchProtectionRule> rules = call("get branch protection rules of " + quote(repository),
                () -> repositories.getBranchProtectionRules(repository).execute());
        return rules == null ? List.of()
                : rules.stream().map(BranchProtectionRule::getPattern).filter(Objects::nonNull).toList();
    }

    @Override
    public void setBranchProtectionRules(String repository, List<String> patterns) {
        requireName(repository);
        List<BranchProtectionRule> rules = List.copyOf(patterns).stream()
                .map(p -> new BranchProtectionRule().pattern(p)).toList();
        call("set branch protection rules of " + quote(repository), () -> {
            repositories.setBranchProtectionRules(repository, rules).execute();
            return null;
        });
    }

    @Override
    public Map<String, String> getRepositoryMetadata(String repository) {
        requireName(repository);
        Map<String, String> metadata = call("get metadata of " + quote(repository),
                () -> repositories.getRepositoryMetadata(repository).execute());
        return metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** Adds or replaces the given keys; lakeFS keeps keys that are not named. */
    @Override
    public void setRepositoryMetadata(String repository, Map<String, String> metadata) {
        requireName(repository);
        RepositoryMetadataSet body = new RepositoryMetadataSet().metadata(new HashMap<>(Map.copyOf(metadata)));
        call("set metadata of " + quote(repository), () -> {
            internal.setRepositoryMetadata(repository, body).execute();
            return null;
        });
    }

    @Override
    public Stream<ObjectEntry> listObjects(String repository, String ref) {
        requireName(repository);
        Objects.requireNonNull(ref, "ref");
        String operation = "list objects of " + quote(repository) + " at " + quote(ref);
        return PagedStream.of(operation, after -> call(operation, () -> {
            var list = objects.listObjects(repository, ref).after(after).amount(PAGE_SIZE).execute();
            List<ObjectStats> onlyObjects = list.getResults() == null ? List.of() : list.getResults().stream()
                    .filter(o -> o.getPathType() != ObjectStats.PathTypeEnum.COMMON_PREFIX).toList();
            return page(onlyObjects, list.getPagination(), SdkLakeFsClient::toEntry);
        }));
    }

    @Override
    public InputStream getObject(String repository, String ref, String path) {
        requireName(repository);
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(path, "path");
        String operation = "get object " + quote(path) + " of " + quote(repository) + " at " + quote(ref);
        // The SDK's getObject downloads to a temporary file; read the response body directly instead.
        Response response = executeRaw(operation, () -> objects.getObject(repository, ref, path).buildCall(null));
        ResponseBody body = response.body();
        if (body == null) {
            response.close();
            return InputStream.nullInputStream();
        }
        return new FilterInputStream(body.byteStream()) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    response.close();
                }
            }
        };
    }

    @Override
    public void close() {
        apiClient.getHttpClient().dispatcher().executorService().shutdown();
        apiClient.getHttpClient().connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "SdkLakeFsClient[" + endpoint + "]";
    }

    // --- calls and errors ---

    @FunctionalInterface
    private interface SdkCall<T> {
        T execute() throws ApiException;
    }

    private <T> T call(String operation, SdkCall<T> sdkCall) {
        return call(Kind.DEFAULT, operation, sdkCall);
    }

    private <T> T call(Kind kind, String operation, SdkCall<T> sdkCall) {
        try {
            return sdkCall.execute();
        } catch (ApiException e) {
            throw errors.map(kind, operation, e);
        } catch (JsonParseException | IllegalArgumentException e) {
            // The SDK's Gson models reject answers that miss required fields.
            throw unexpected(operation, e);
        }
    }

    private LakeFsBackupException unexpected(String operation, RuntimeException e) {
        return ErrorCode.INTERNAL.exception("lakeFS answered an unexpected response to " + operation + ": "
                + e.getMessage(), e);
    }

    /** Executes a call built by the SDK (with auth) and returns the successful response; the caller closes it. */
    private Response executeRaw(String operation, SdkCall<Call> build) {
        Call httpCall = call(operation, build);
        Response response;
        try {
            response = httpCall.execute();
        } catch (IOException e) {
            throw errors.map(operation, new ApiException(e));
        }
        if (response.isSuccessful()) {
            return response;
        }
        try (response) {
            ResponseBody body = response.body();
            String text = body == null ? null : body.string();
            throw errors.map(operation,
                    new ApiException(response.message(), response.code(), response.headers().toMultimap(), text));
        } catch (IOException e) {
            throw errors.map(operation, new ApiException(response.message(), response.code(),
                    response.headers().toMultimap(), null));
        }
    }

    // --- conversions ---

    private static <S, T> Page<T> page(List<S> results, Pagination pagination, Function<S, T> convert) {
        List<T> items = results == null ? List.of() : results.stream().map(convert).toList();
        return new Page<>(items, hasMore(pagination), pagination == null ? null : pagination.getNextOffset());
    }

    private static boolean hasMore(Pagination pagination) {
        return pagination != null && Boolean.TRUE.equals(pagination.getHasMore());
    }

    private static RepositoryInfo toInfo(Repository r, boolean readOnlyIfUnknown) {
        return new RepositoryInfo(r.getId(), r.getStorageNamespace(), r.getDefaultBranch(), r.getStorageId(),
                r.getReadOnly() == null ? readOnlyIfUnknown : r.getReadOnly(),
                r.getCreationDate() == null ? 0 : r.getCreationDate());
    }

    private static NamedRef toRef(Ref ref) {
        return new NamedRef(ref.getId(), ref.getCommitId());
    }

    private static CommitInfo toCommit(Commit c) {
        return new CommitInfo(c.getId(), c.getParents(), c.getCommitter(), c.getMessage(),
                c.getCreationDate() == null ? 0 : c.getCreationDate(), c.getMetaRangeId(), c.getMetadata(),
                c.getGeneration() == null ? 0 : c.getGeneration());
    }

    private static ObjectEntry toEntry(ObjectStats o) {
        return new ObjectEntry(o.getPath(), o.getSizeBytes() == null ? 0 : o.getSizeBytes(), o.getChecksum(),
                o.getPhysicalAddress());
    }

    private static MetaRangeIds toIds(RefsDump dump) {
        return new MetaRangeIds(dump.getCommitsMetaRangeId(), dump.getTagsMetaRangeId(),
                dump.getBranchesMetaRangeId());
    }

    private static RefsRestore toRestore(MetaRangeIds ids, boolean force) {
        Objects.requireNonNull(ids, "refs");
        return new RefsRestore().commitsMetaRangeId(ids.commitsMetaRangeId()).tagsMetaRangeId(ids.tagsMetaRangeId())
                .branchesMetaRangeId(ids.branchesMetaRangeId()).force(force);
    }

    private static Instant instant(String operation, OffsetDateTime time) {
        if (time == null) {
            throw ErrorCode.INTERNAL.exception("lakeFS answered " + operation + " without update_time");
        }
        return time.toInstant();
    }

    private static String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() && !node.asText().isEmpty() ? node.asText() : null;
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static void requireName(String repository) {
        Objects.requireNonNull(repository, "repository");
    }

    private static String quote(String name) {
        return "'" + name + "'";
    }
}

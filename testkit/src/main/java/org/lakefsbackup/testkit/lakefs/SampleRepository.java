package org.lakefsbackup.testkit.lakefs;

import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.CommitsApi;
import io.lakefs.clients.sdk.InternalApi;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.TagsApi;
import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.model.BranchProtectionRule;
import io.lakefs.clients.sdk.model.CommitCreation;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakefs.clients.sdk.model.RepositoryMetadataSet;
import io.lakefs.clients.sdk.model.TagCreation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds repositories through the real lakeFS Java SDK, against the emulator or a real lakeFS: the sample of the
 * {@code demo} command and of the end-to-end tests. Not thread-safe.
 */
public final class SampleRepository {
    /** Branch heads, tags and main's object contents of a created sample. */
    public record Created(String name, String namespace, Map<String, String> branches, Map<String, String> tags,
                          Map<String, String> mainObjects, List<String> hiddenBranches, List<String> uncommitted) {
    }

    private final ApiClient client;

    public SampleRepository(ApiClient client) {
        this.client = client;
    }

    /**
     * An SDK client with basic auth, for tests. Its timeouts are far longer than the SDK's 10 s defaults: on a busy
     * machine (a shared CI host) one call can take longer, and a test must fail on a wrong answer, not a slow one.
     */
    public static ApiClient client(String endpoint, String accessKeyId, String secretAccessKey) {
        ApiClient c = new ApiClient();
        c.setConnectTimeout(60_000);
        c.setReadTimeout(300_000);
        c.setWriteTimeout(300_000);
        c.setBasePath(endpoint);
        c.setUsername(accessKeyId);
        c.setPassword(secretAccessKey);
        return c;
    }

    /**
     * Creates the sample: {@code main} with two commits and tag {@code v1.0}; {@code dev} with a commit, tag
     * {@code v1.1} and uncommitted changes; a hidden branch {@code scratch-hidden}; protection on {@code main};
     * repository metadata.
     */
    public Created create(String name, String namespace) {
        try {
            new RepositoriesApi(client).createRepository(new RepositoryCreation().name(name)
                    .storageNamespace(namespace).defaultBranch("main")).execute();
            Map<String, String> main = new LinkedHashMap<>();
            main.put("tables/events/part-0000.csv", "id,kind\n1,click\n2,view\n");
            main.put("tables/events/part-0001.csv", "id,kind\n3,click\n");
            main.put("README.md", "# sample\n");
            upload(name, "main", main);
            commit(name, "main", "initial events");
            upload(name, "main", Map.of("tables/users/users.json", "[{\"id\":1}]"));
            commit(name, "main", "add users");
            main.put("tables/users/users.json", "[{\"id\":1}]");
            tag(name, "v1.0", "main");
            branch(name, "dev", "main", false);
            upload(name, "dev", Map.of("tables/events/part-0002.csv", "id,kind\n4,buy\n"));
            commit(name, "dev", "more events");
            tag(name, "v1.1", "dev");
            branch(name, "scratch-hidden", "dev", true);
            upload(name, "scratch-hidden", Map.of("tmp/scratch.txt", "work in progress\n"));
            commit(name, "scratch-hidden", "scratch work");
            upload(name, "dev", Map.of("tables/events/part-0003.csv", "id,kind\n5,view\n"));
            new RepositoriesApi(client).setBranchProtectionRules(name,
                    List.of(new BranchProtectionRule().pattern("main"))).execute();
            new InternalApi(client).setRepositoryMetadata(name,
                    new RepositoryMetadataSet().putMetadataItem("owner", "data-platform")).execute();
            Map<String, String> branches = new LinkedHashMap<>();
            for (String b : List.of("main", "dev", "scratch-hidden")) {
                branches.put(b, new BranchesApi(client).getBranch(name, b).execute().getCommitId());
            }
            Map<String, String> tags = new LinkedHashMap<>();
            for (String t : List.of("v1.0", "v1.1")) {
                tags.put(t, new TagsApi(client).getTag(name, t).execute().getCommitId());
            }
            return new Created(name, namespace, branches, tags, main, List.of("scratch-hidden"), List.of("dev"));
        } catch (ApiException e) {
            throw new IllegalStateException("creating sample repository " + name + " failed: HTTP " + e.getCode()
                    + " " + e.getResponseBody(), e);
        }
    }

    /** Uploads objects (path to UTF-8 content) to a branch without committing. */
    public void upload(String repo, String branch, Map<String, String> objects) throws ApiException {
        for (var e : objects.entrySet()) {
            uploadBytes(repo, branch, e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
        }
    }

    public void uploadBytes(String repo, String branch, String path, byte[] content) throws ApiException {
        Path file = null;
        try {
            file = Files.createTempFile("lakefs-sample-", ".bin");
            Files.write(file, content);
            new ObjectsApi(client).uploadObject(repo, branch, path).content(file.toFile()).execute();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    public String commit(String repo, String branch, String message) throws ApiException {
        return new CommitsApi(client).commit(repo, branch, new CommitCreation().message(message)).execute().getId();
    }

    public void branch(String repo, String name, String source, boolean hidden) throws ApiException {
        new BranchesApi(client).createBranch(repo, new BranchCreation().name(name).source(source).hidden(hidden))
                .execute();
    }

    public void tag(String repo, String name, String ref) throws ApiException {
        new TagsApi(client).createTag(repo, new TagCreation().id(name).ref(ref)).execute();
    }

    /** Reads an object on a ref as UTF-8. */
    public String read(String repo, String ref, String path) throws ApiException {
        java.io.File f = new ObjectsApi(client).getObject(repo, ref, path).execute();
        try {
            return Files.readString(f.toPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            f.delete();
        }
    }
}

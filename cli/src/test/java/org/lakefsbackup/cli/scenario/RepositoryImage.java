package org.lakefsbackup.cli.scenario;

import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.ObjectsApi;
import io.lakefs.clients.sdk.RefsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.TagsApi;
import io.lakefs.clients.sdk.model.BranchProtectionRule;
import io.lakefs.clients.sdk.model.Commit;
import io.lakefs.clients.sdk.model.CommitList;
import io.lakefs.clients.sdk.model.GarbageCollectionRules;
import io.lakefs.clients.sdk.model.ObjectStats;
import io.lakefs.clients.sdk.model.ObjectStatsList;
import io.lakefs.clients.sdk.model.Ref;
import io.lakefs.clients.sdk.model.RefList;
import io.lakefs.clients.sdk.model.Repository;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything a restore must bring back, read from a lakeFS through the public API, so two repositories can be
 * compared with {@code equals}: the default branch and read-only flag, every branch (hidden ones flagged) and tag
 * with its commit, every commit reachable from any of them (all fields but none of the server's local state), and
 * the objects of every head and tag, each read back and identified by the SHA-256 of its content, plus protection
 * rules, repository metadata and GC rules.
 *
 * <p>Not compared, because lakeFS gives them new values on restore: the creation date, the storage namespace and
 * physical addresses (the point of a restore is a new namespace).
 *
 * @param objects commit id to (path to "sha256 size content-type user-metadata")
 */
record RepositoryImage(String defaultBranch, boolean readOnly, Map<String, String> branches, Set<String> hidden,
                       Map<String, String> tags, Map<String, CommitFields> commits,
                       Map<String, Map<String, String>> objects, List<String> protection, Map<String, String> metadata,
                       String gcRules) {
    private static final int PAGE = 1000;

    /** The fields of a commit that its id is a hash of, and that a restore must keep. */
    record CommitFields(List<String> parents, String committer, String message, long creationDate,
                        String metaRangeId, Map<String, String> metadata, Long generation) {
    }

    static RepositoryImage read(ApiClient client, String repository) throws ApiException {
        Repository repo = new RepositoriesApi(client).getRepository(repository).execute();
        Map<String, String> branches = branches(client, repository, true);
        Set<String> visible = branches(client, repository, false).keySet();
        Set<String> hidden = new TreeSet<>(branches.keySet());
        hidden.removeAll(visible);
        Map<String, String> tags = tags(client, repository);

        Set<String> heads = new LinkedHashSet<>(branches.values());
        heads.addAll(tags.values());
        Map<String, CommitFields> commits = new TreeMap<>();
        for (String head : heads) {
            log(client, repository, head, commits);
        }
        Map<String, Map<String, String>> objects = new TreeMap<>();
        Map<String, String> digestByChecksum = new HashMap<>();
        for (String head : heads) {
            objects.put(head, objects(client, repository, head, digestByChecksum));
        }
        List<String> protection = new RepositoriesApi(client).getBranchProtectionRules(repository).execute().stream()
                .map(BranchProtectionRule::getPattern).sorted().toList();
        Map<String, String> metadata = new TreeMap<>(new RepositoriesApi(client).getRepositoryMetadata(repository)
                .execute());
        return new RepositoryImage(repo.getDefaultBranch(), Boolean.TRUE.equals(repo.getReadOnly()), branches, hidden,
                tags, commits, objects, protection, metadata, gcRules(client, repository));
    }

    /**
     * What lakeFS's refs dump alone restores: the same image with every branch visible and no protection rules or
     * metadata (GC rules stay: they live in the namespace).
     */
    RepositoryImage refsOnly() {
        return new RepositoryImage(defaultBranch, readOnly, branches, Set.of(), tags, commits, objects, List.of(),
                Map.of(), gcRules);
    }

    /** How many commits, heads and objects the image holds, for assertion messages. */
    String size() {
        return branches.size() + " branches, " + tags.size() + " tags, " + commits.size() + " commits, "
                + objects.values().stream().mapToInt(Map::size).sum() + " objects at heads";
    }

    static Map<String, String> branches(ApiClient client, String repository, boolean showHidden) throws ApiException {
        Map<String, String> all = new TreeMap<>();
        String after = "";
        while (true) {
            RefList page = new BranchesApi(client).listBranches(repository).showHidden(showHidden).after(after)
                    .amount(PAGE).execute();
            page.getResults().forEach(r -> all.put(r.getId(), r.getCommitId()));
            if (!page.getPagination().getHasMore()) {
                return all;
            }
            after = page.getPagination().getNextOffset();
        }
    }

    static Map<String, String> tags(ApiClient client, String repository) throws ApiException {
        Map<String, String> all = new TreeMap<>();
        String after = "";
        while (true) {
            RefList page = new TagsApi(client).listTags(repository).after(after).amount(PAGE).execute();
            for (Ref r : page.getResults()) {
                all.put(r.getId(), r.getCommitId());
            }
            if (!page.getPagination().getHasMore()) {
                return all;
            }
            after = page.getPagination().getNextOffset();
        }
    }

    private static void log(ApiClient client, String repository, String head, Map<String, CommitFields> commits)
            throws ApiException {
        if (commits.containsKey(head)) {
            return;
        }
        String after = "";
        while (true) {
            CommitList page = new RefsApi(client).logCommits(repository, head).after(after).amount(PAGE).execute();
            for (Commit c : page.getResults()) {
                commits.putIfAbsent(c.getId(), fields(c));
            }
            if (!page.getPagination().getHasMore()) {
                return;
            }
            after = page.getPagination().getNextOffset();
        }
    }

    private static CommitFields fields(Commit c) {
        return new CommitFields(List.copyOf(c.getParents()), c.getCommitter(), c.getMessage(), c.getCreationDate(),
                c.getMetaRangeId(), c.getMetadata() == null ? Map.of() : new TreeMap<>(c.getMetadata()),
                c.getGeneration());
    }

    private static Map<String, String> objects(ApiClient client, String repository, String ref,
                                               Map<String, String> digestByChecksum) throws ApiException {
        Map<String, String> objects = new TreeMap<>();
        String after = "";
        while (true) {
            ObjectStatsList page = new ObjectsApi(client).listObjects(repository, ref).after(after).amount(PAGE)
                    .userMetadata(true).execute();
            for (ObjectStats o : page.getResults()) {
                String digest = digestByChecksum.get(o.getChecksum() + "/" + o.getSizeBytes());
                if (digest == null) {
                    digest = sha256(new ObjectsApi(client).getObject(repository, ref, o.getPath()).execute());
                    digestByChecksum.put(o.getChecksum() + "/" + o.getSizeBytes(), digest);
                }
                objects.put(o.getPath(), digest + " " + o.getSizeBytes() + " " + o.getContentType() + " "
                        + (o.getMetadata() == null ? Map.of() : new TreeMap<>(o.getMetadata())));
            }
            if (!page.getPagination().getHasMore()) {
                return objects;
            }
            after = page.getPagination().getNextOffset();
        }
    }

    private static String gcRules(ApiClient client, String repository) throws ApiException {
        try {
            GarbageCollectionRules rules = new RepositoriesApi(client).getGCRules(repository).execute();
            List<String> lines = new ArrayList<>();
            lines.add("default=" + rules.getDefaultRetentionDays());
            rules.getBranches().forEach(b -> lines.add(b.getBranchId() + "=" + b.getRetentionDays()));
            lines.sort(null);
            return String.join(",", lines);
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return "none";
            }
            throw e;
        }
    }

    static String sha256(File file) {
        try (InputStream in = Files.newInputStream(file.toPath())) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            file.delete();
        }
    }
}

package org.lakefsbackup.cli;

import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.RefsApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.TagsApi;
import io.lakefs.clients.sdk.model.BranchProtectionRule;
import io.lakefs.clients.sdk.model.Commit;
import io.lakefs.clients.sdk.model.Ref;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What a test reads back from a lakeFS (emulator) through the real SDK to compare source and restore. */
final class LakeFsReads {
    private LakeFsReads() {
    }

    static Map<String, String> branches(ApiClient c, String repo, boolean showHidden) throws ApiException {
        Map<String, String> m = new TreeMap<>();
        for (Ref r : new BranchesApi(c).listBranches(repo).showHidden(showHidden).amount(1000).execute().getResults()) {
            m.put(r.getId(), r.getCommitId());
        }
        return m;
    }

    static Map<String, String> tags(ApiClient c, String repo) throws ApiException {
        Map<String, String> m = new TreeMap<>();
        for (Ref r : new TagsApi(c).listTags(repo).amount(1000).execute().getResults()) {
            m.put(r.getId(), r.getCommitId());
        }
        return m;
    }

    /** All commit ids reachable from every branch (hidden ones too). */
    static TreeSet<String> commits(ApiClient c, String repo) throws ApiException {
        TreeSet<String> ids = new TreeSet<>();
        for (String branch : branches(c, repo, true).keySet()) {
            for (Commit commit : new RefsApi(c).logCommits(repo, branch).amount(1000).execute().getResults()) {
                ids.add(commit.getId());
            }
        }
        return ids;
    }

    static List<String> protection(ApiClient c, String repo) throws ApiException {
        return new RepositoriesApi(c).getBranchProtectionRules(repo).execute().stream()
                .map(BranchProtectionRule::getPattern).collect(Collectors.toList());
    }

    static Map<String, String> metadata(ApiClient c, String repo) throws ApiException {
        return new RepositoriesApi(c).getRepositoryMetadata(repo).execute();
    }

    static boolean exists(ApiClient c, String repo) throws ApiException {
        try {
            new RepositoriesApi(c).getRepository(repo).execute();
            return true;
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}

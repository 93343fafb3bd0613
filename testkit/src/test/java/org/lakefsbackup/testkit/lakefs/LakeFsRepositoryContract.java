package org.lakefsbackup.testkit.lakefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lakefsbackup.testkit.lakefs.EmulatorFixture.failure;

import io.lakefs.clients.sdk.ApiException;
import io.lakefs.clients.sdk.HealthCheckApi;
import io.lakefs.clients.sdk.RepositoriesApi;
import io.lakefs.clients.sdk.model.BranchCreation;
import io.lakefs.clients.sdk.model.BranchProtectionRule;
import io.lakefs.clients.sdk.model.Config;
import io.lakefs.clients.sdk.model.Ref;
import io.lakefs.clients.sdk.model.RefList;
import io.lakefs.clients.sdk.model.Repository;
import io.lakefs.clients.sdk.model.RepositoryCreation;
import io.lakefs.clients.sdk.model.RepositoryList;
import io.lakefs.clients.sdk.model.RepositoryMetadataSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.Location;

/**
 * Repositories, branches, protection rules, metadata and listings: what the emulator claims about lakeFS, run against the emulator and real lakeFS (one subclass each).
 * Emulator switches (versions, task delays, lost tasks, hook failures, request counts) skip on real lakeFS.
 */
abstract class LakeFsRepositoryContract {
    /** A fresh lakeFS for one test. */
    abstract EmulatorFixture newFixture();

    final EmulatorFixture fx = newFixture();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void wrongCredentialsAre401WithLakeFsMessageButHealthcheckNeedsNone() throws Exception {
        RepositoriesApi wrong = new RepositoriesApi(fx.client(EmulatorFixture.KEY_ID, "not-the-secret"));
        ApiException e = failure(() -> wrong.listRepositories().execute());
        assertThat(e.getCode()).isEqualTo(401);
        assertThat(e.getResponseBody()).isEqualTo("{\"message\":\"error authenticating request\"}\n");

        new HealthCheckApi(fx.client("nobody", "nothing")).healthCheck().execute();
        if (fx.isEmulator()) {
            assertThat(fx.emulator().requestCount("GET /healthcheck")).isEqualTo(1);
        }
    }

    @Test
    void configReportsSwitchableVersionAndStorage() throws Exception {
        Config config = fx.config.getConfig().execute();
        assertThat(config.getVersionConfig().getVersion()).isEqualTo(fx.isEmulator() ? "1.53.1"
                : org.lakefsbackup.testkit.real.ServerBinaries.LAKEFS_VERSION);
        assertThat(config.getStorageConfig().getBlockstoreType()).isEqualTo("s3");
        assertThat(config.getStorageConfig().getBlockstoreNamespaceValidityRegex()).isEqualTo("^s3://");

        fx.emulator().setVersion("1.2.0");
        assertThat(fx.config.getConfig().execute().getVersionConfig().getVersion()).isEqualTo("1.2.0");
    }

    @Test
    void createValidatesNameAndNamespaceAndRefusesDuplicates() throws Exception {
        ApiException badName = failure(() -> fx.createRepository("Bad_Name", "s3://bucket/a"));
        assertThat(badName.getCode()).isEqualTo(400);
        assertThat(badName.getResponseBody()).contains("/name");
        assertThat(failure(() -> fx.createRepository("ab", "s3://bucket/a")).getCode()).isEqualTo(400);

        ApiException badScheme = failure(() -> fx.createRepository("repo-one", "abfss://c@acct.dfs.core.windows.net/x"));
        assertThat(badScheme.getCode()).isEqualTo(400);
        assertThat(badScheme.getResponseBody()).contains("storage_namespace");
        ApiException otherStore = failure(() -> fx.createRepository("repo-one", "gs://bucket/x"));
        assertThat(otherStore.getCode()).isEqualTo(400);
        assertThat(otherStore.getResponseBody()).contains("invalid namespace");

        Repository repo = fx.createRepository("repo-one", "s3://bucket/one");
        assertThat(repo.getId()).isEqualTo("repo-one");
        assertThat(repo.getDefaultBranch()).isEqualTo("main");
        assertThat(repo.getStorageNamespace()).isEqualTo("s3://bucket/one");
        // The name is checked before the namespace: 409 even though the namespace is in use too.
        assertThat(failure(() -> fx.createRepository("repo-one", "s3://bucket/one")).getCode()).isEqualTo(409);
        assertThat(failure(() -> fx.repositories.getRepository("no-such-repo").execute()).getCode()).isEqualTo(404);
    }

    @Test
    void nonBareCreationWritesDummyAndFirstCommit() throws Exception {
        fx.createRepository("repo-one", "s3://bucket/one");
        assertThat(fx.keys("s3://bucket/one")).containsExactly("_lakefs/dummy");
        Ref main = fx.branches.getBranch("repo-one", "main").execute();
        var log = fx.refs.logCommits("repo-one", "main").execute().getResults();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).getId()).isEqualTo(main.getCommitId());
        assertThat(log.get(0).getMessage()).isEqualTo("Repository created");
        assertThat(log.get(0).getGeneration()).isEqualTo(1L);
        assertThat(log.get(0).getParents()).isEmpty();
    }

    @Test
    void namespaceInUseIsRefusedForNormalButNotBareRepositories() throws Exception {
        fx.createRepository("repo-one", "s3://bucket/one");
        fx.repositories.deleteRepository("repo-one").execute();
        assertThat(fx.keys("s3://bucket/one")).as("delete keeps storage").containsExactly("_lakefs/dummy");

        ApiException inUse = failure(() -> fx.createRepository("repo-one", "s3://bucket/one"));
        assertThat(inUse.getCode()).isEqualTo(400);
        assertThat(inUse.getResponseBody()).contains("storage namespace already in use");

        Repository bare = fx.createBareRepository("repo-bare", "s3://bucket/one", "main");
        assertThat(bare.getDefaultBranch()).isEqualTo("main");
        assertThat(failure(() -> fx.branches.getBranch("repo-bare", "main").execute()).getCode()).isEqualTo(404);
        assertThat(fx.branches.listBranches("repo-bare").execute().getResults()).isEmpty();
        assertThat(failure(() -> fx.refs.logCommits("repo-bare", "main").execute()).getCode()).isEqualTo(404);

        // A bare repository on a fresh namespace touches no storage at all.
        fx.createBareRepository("repo-bare2", "s3://bucket/two", "main");
        assertThat(fx.keys("s3://bucket/two")).isEmpty();
    }

    @Test
    void preV152BareCreationRunsTheDummyCheck() throws Exception {
        fx.emulator().setBareChecksDummy(true);
        fx.store.put(Location.parse("s3://bucket/copied/_lakefs/dummy"), new byte[] {1});
        ApiException inUse = failure(() -> fx.createBareRepository("repo-bare", "s3://bucket/copied", "main"));
        assertThat(inUse.getCode()).isEqualTo(400);
        assertThat(inUse.getResponseBody()).contains("storage namespace already in use");

        fx.createBareRepository("repo-bare", "s3://bucket/fresh", "main");
        assertThat(fx.keys("s3://bucket/fresh")).containsExactly("_lakefs/dummy");

        fx.emulator().setBareChecksDummy(false);
        fx.createBareRepository("repo-bare2", "s3://bucket/copied", "main");
    }

    @Test
    void readOnlyRepositoryNeedsForceToDelete() throws Exception {
        fx.repositories.createRepository(new RepositoryCreation().name("repo-ro").storageNamespace("s3://bucket/ro")
                .readOnly(true)).execute();
        assertThat(fx.repositories.getRepository("repo-ro").execute().getReadOnly()).isTrue();
        ApiException e = failure(() -> fx.upload("repo-ro", "main", "a.txt", "x"));
        assertThat(e.getCode()).isEqualTo(403);
        assertThat(failure(() -> fx.repositories.deleteRepository("repo-ro").execute()).getCode()).isEqualTo(403);
        fx.repositories.deleteRepository("repo-ro").force(true).execute();
        fx.awaitGone("repo-ro");
    }

    @Test
    void hiddenBranchesAreListedOnlyOnRequest() throws Exception {
        fx.createRepository("repo-one", "s3://bucket/one");
        fx.branches.createBranch("repo-one", new BranchCreation().name("secret").source("main").hidden(true))
                .execute();
        fx.createBranch("repo-one", "dev", "main");
        assertThat(fx.branches.listBranches("repo-one").execute().getResults()).extracting(Ref::getId)
                .containsExactly("dev", "main");
        assertThat(fx.branches.listBranches("repo-one").showHidden(true).execute().getResults())
                .extracting(Ref::getId).containsExactly("dev", "main", "secret");
        assertThat(fx.branches.getBranch("repo-one", "secret").execute().getId()).isEqualTo("secret");

        assertThat(failure(() -> fx.createBranch("repo-one", "bad/name", "main")).getCode()).isEqualTo(400);
        assertThat(failure(() -> fx.createBranch("repo-one", "dev", "main")).getCode()).isEqualTo(409);
        assertThat(failure(() -> fx.branches.deleteBranch("repo-one", "main").execute()).getCode()).isEqualTo(403);
        fx.branches.deleteBranch("repo-one", "dev").execute();
        assertThat(failure(() -> fx.branches.getBranch("repo-one", "dev").execute()).getCode()).isEqualTo(404);
    }

    @Test
    void protectedBranchRefusesWritesAndCommits() throws Exception {
        fx.createRepository("repo-one", "s3://bucket/one");
        fx.createBranch("repo-one", "release-1", "main");
        fx.upload("repo-one", "release-1", "staged.txt", "before protection");
        fx.repositories.setBranchProtectionRules("repo-one", List.of(new BranchProtectionRule().pattern("release-*")))
                .execute();
        assertThat(fx.repositories.getBranchProtectionRules("repo-one").execute())
                .extracting(BranchProtectionRule::getPattern).containsExactly("release-*");
        // lakeFS caches repository settings for up to 1 s: the rule applies within that, not at once.
        fx.awaitRefused(() -> fx.upload("repo-one", "release-1", "probe.txt", "x"));

        ApiException commit = failure(() -> fx.commit("repo-one", "release-1", "nope"));
        assertThat(commit.getCode()).isEqualTo(403);
        assertThat(commit.getResponseBody()).isEqualTo("{\"message\":\"cannot commit to protected branch\"}\n");
        assertThat(failure(() -> fx.upload("repo-one", "release-1", "b.txt", "x")).getCode()).isEqualTo(403);
        fx.upload("repo-one", "main", "b.txt", "x");
    }

    @Test
    void repositoryMetadataMerges() throws Exception {
        fx.createRepository("repo-one", "s3://bucket/one");
        assertThat(fx.repositories.getRepositoryMetadata("repo-one").execute()).isEmpty();
        fx.internal.setRepositoryMetadata("repo-one", new RepositoryMetadataSet().metadata(Map.of("a", "1", "b", "2")))
                .execute();
        fx.internal.setRepositoryMetadata("repo-one", new RepositoryMetadataSet().metadata(Map.of("b", "3")))
                .execute();
        assertThat(fx.repositories.getRepositoryMetadata("repo-one").execute())
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "3"));
    }

    @Test
    void branchListingPagesOverMoreThanAThousandBranches() throws Exception {
        fx.createRepository("repo-one", "s3://bucket/one");
        // main and 1,000 more: the fewest that show the limit of 1,000 per page with more to come.
        for (int i = 0; i < 1000; i++) {
            fx.createBranch("repo-one", String.format("b%04d", i), "main");
        }
        RefList first = fx.branches.listBranches("repo-one").execute();
        assertThat(first.getResults()).hasSize(100);
        assertThat(first.getPagination().getMaxPerPage()).isEqualTo(1000);

        assertThat(failure(() -> fx.branches.listBranches("repo-one").amount(5000).execute()).getResponseBody())
                .contains("number must be at most 1000");
        RefList clamped = fx.branches.listBranches("repo-one").amount(1000).execute();
        assertThat(clamped.getResults()).hasSize(1000);
        assertThat(clamped.getPagination().getHasMore()).isTrue();
        assertThat(clamped.getPagination().getNextOffset()).isEqualTo("b0999");

        List<String> all = new ArrayList<>();
        String after = "";
        while (true) {
            RefList page = fx.branches.listBranches("repo-one").after(after).amount(333).execute();
            page.getResults().forEach(r -> all.add(r.getId()));
            if (!page.getPagination().getHasMore()) {
                assertThat(page.getPagination().getNextOffset()).isEmpty();
                break;
            }
            after = page.getPagination().getNextOffset();
        }
        assertThat(all).hasSize(1001).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void repositoryListingPages() throws Exception {
        for (int i = 0; i < 5; i++) {
            fx.createBareRepository("repo-" + i, "s3://bucket/r" + i, "main");
        }
        RepositoryList page = fx.repositories.listRepositories().amount(2).after("repo-1").execute();
        assertThat(page.getResults()).extracting(Repository::getId).containsExactly("repo-2", "repo-3");
        assertThat(page.getPagination().getHasMore()).isTrue();
        assertThat(page.getPagination().getNextOffset()).isEqualTo("repo-3");
    }
}

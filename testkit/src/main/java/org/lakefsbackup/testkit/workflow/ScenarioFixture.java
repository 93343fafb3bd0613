package org.lakefsbackup.testkit.workflow;

import io.lakefs.clients.sdk.ApiClient;
import io.lakefs.clients.sdk.BranchesApi;
import io.lakefs.clients.sdk.TagsApi;
import io.lakefs.clients.sdk.model.Ref;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.s3.EmbeddedS3;

/**
 * What every host's scenarios run against: an embedded S3 server with buckets {@code source}, {@code backups} and
 * {@code target}, a lakeFS emulator whose namespaces live there, and the storage the hosts' steps use (whose copies
 * can be made to fail). Backups go to {@link #BACKUP}.
 */
public final class ScenarioFixture implements AutoCloseable {
    public static final String KEY = "AKIAEMULATOR";
    public static final String SECRET = "emulator-secret-key-never-logged";
    public static final String BACKUP = "s3://backups/scenarios";

    public final EmbeddedS3 s3;
    public final LakeFsEmulator lakefs;
    public final FaultyStore store;
    /** The storage the hosts' steps use. */
    public final Storage storage;
    private final Storage emulatorStorage;

    public ScenarioFixture() {
        System.setProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", EmbeddedS3.SECRET_KEY);
        s3 = EmbeddedS3.start();
        for (String bucket : List.of("source", "backups", "target")) {
            s3.createBucket(bucket);
        }
        emulatorStorage = Storage.of(s3.newStore());
        lakefs = LakeFsEmulator.builder().storage(emulatorStorage).credentials(KEY, SECRET).build().start();
        store = new FaultyStore(s3.newStore());
        storage = Storage.of(store);
    }

    public ApiClient sdk() {
        return SampleRepository.client(lakefs.endpoint(), KEY, SECRET);
    }

    public SampleRepository sample() {
        return new SampleRepository(sdk());
    }

    /** Every branch (hidden ones too) to its head commit. */
    public Map<String, String> heads(String repository) {
        try {
            Map<String, String> heads = new TreeMap<>();
            for (Ref r : new BranchesApi(sdk()).listBranches(repository).showHidden(true).amount(1000).execute()
                    .getResults()) {
                heads.put(r.getId(), r.getCommitId());
            }
            return heads;
        } catch (io.lakefs.clients.sdk.ApiException e) {
            throw new IllegalStateException("listing branches of " + repository + ": " + e.getResponseBody(), e);
        }
    }

    /** Whether the lakeFS emulator has a repository of that name. */
    public boolean repositoryExists(String repository) {
        try {
            new io.lakefs.clients.sdk.RepositoriesApi(sdk()).getRepository(repository).execute();
            return true;
        } catch (io.lakefs.clients.sdk.ApiException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw new IllegalStateException("reading repository " + repository + ": " + e.getResponseBody(), e);
        }
    }

    /** The visible branches. */
    public List<String> visibleBranches(String repository) {
        try {
            return new BranchesApi(sdk()).listBranches(repository).amount(1000).execute().getResults().stream()
                    .map(Ref::getId).sorted().toList();
        } catch (io.lakefs.clients.sdk.ApiException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every tag to its commit. */
    public Map<String, String> tags(String repository) {
        try {
            Map<String, String> tags = new TreeMap<>();
            for (Ref r : new TagsApi(sdk()).listTags(repository).amount(1000).execute().getResults()) {
                tags.put(r.getId(), r.getCommitId());
            }
            return tags;
        } catch (io.lakefs.clients.sdk.ApiException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        lakefs.close();
        storage.close();
        emulatorStorage.close();
        s3.close();
    }
}

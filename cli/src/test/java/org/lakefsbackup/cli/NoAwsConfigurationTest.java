package org.lakefsbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;
import org.lakefsbackup.testkit.lakefs.SampleRepository;

/**
 * The CLI with no AWS configuration at all (no region, no credentials, no profile): {@code file://} and
 * {@code local://} work, and an {@code s3://} location fails with a message saying what to configure.
 */
class NoAwsConfigurationTest {
    private static final List<String> AWS_PROPERTIES = List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey",
            "aws.sessionToken", "aws.profile", "aws.configFile", "aws.sharedCredentialsFile", "user.home");
    private final Properties saved = new Properties();
    @TempDir
    Path tmp;

    @BeforeEach
    void clearAwsConfiguration() {
        for (String env : List.of("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_PROFILE",
                "AWS_CONFIG_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
            assumeTrue(System.getenv(env) == null, "the test JVM's environment sets " + env);
        }
        for (String p : AWS_PROPERTIES) {
            String value = System.getProperty(p);
            if (value != null) {
                saved.setProperty(p, value);
            }
            System.clearProperty(p);
        }
        // The SDK looks for ~/.aws/config and ~/.aws/credentials under user.home: an empty home has neither.
        System.setProperty("user.home", tmp.resolve("empty-home").toString());
        // No instance metadata service either.
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @AfterEach
    void restoreProperties() {
        AWS_PROPERTIES.forEach(System::clearProperty);
        System.clearProperty("aws.disableEc2Metadata");
        saved.forEach((k, v) -> System.setProperty((String) k, (String) v));
    }

    private Map<String, String> bareEnvironment() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        env.put("PATH", "/usr/bin:/bin");
        return env;
    }

    @Test
    void listingAFileBackupNeedsNoRegion() throws Exception {
        Path backups = Files.createDirectories(tmp.resolve("backups"));
        Fixture.Result r = Fixture.cli(bareEnvironment(), "list", "some-repo", "--from", backups.toUri().toString());
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("region").doesNotContain("\tat ");
        assertThat(r.exit()).as("not found, %s", r.err()).isEqualTo(4);
        assertThat(r.out() + r.err()).contains("no committed generation of some-repo");
    }

    @Test
    void aLocalRepositoryIsBackedUpToFilesAndRestoredWithoutAnyAwsConfiguration() throws Exception {
        Path root = tmp.resolve("block");
        try (Storage storage = Storage.of(LocalObjectStore.withLocalRoot(root));
             LakeFsEmulator lakefs = LakeFsEmulator.builder().storage(storage).blockstoreType("local")
                     .credentials(Fixture.KEY, Fixture.SECRET).build().start()) {
            new SampleRepository(SampleRepository.client(lakefs.endpoint(), Fixture.KEY, Fixture.SECRET))
                    .create("no-aws", "local://repos/no-aws");
            Map<String, String> env = bareEnvironment();
            env.put("LAKECTL_SERVER_ENDPOINT_URL", lakefs.endpoint());
            env.put("LAKECTL_CREDENTIALS_ACCESS_KEY_ID", Fixture.KEY);
            env.put("LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY", Fixture.SECRET);
            env.put("LAKEFS_BACKUP_LOCAL_ROOT", root.toString());
            String to = tmp.resolve("backups").toUri().toString();
            Fixture.Result backup = Fixture.cli(env, "backup", "no-aws", "--to", to, "-q");
            assertThat(backup.exit()).as(backup.err()).isZero();
            Fixture.Result restore = Fixture.cli(env, "restore", "no-aws", "--from", to, "--as", "no-aws-copy",
                    "--namespace", "local://repos/no-aws-copy", "-q");
            assertThat(restore.exit()).as(restore.err()).isZero();
            assertThat(Fixture.cli(env, "verify", "no-aws", "--from", to).exit()).isZero();
        }
    }

    @Test
    void anS3LocationWithoutARegionFailsWithExitCode2AndSaysWhatToSet() throws Exception {
        Fixture.Result r = Fixture.cli(bareEnvironment(), "list", "some-repo", "--from", "s3://some-bucket/backups");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("region").contains("--s3-region").doesNotContain("\tat ");
    }
}

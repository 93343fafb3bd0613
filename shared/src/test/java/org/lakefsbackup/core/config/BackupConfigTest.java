package org.lakefsbackup.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.lease.Leases;
import org.lakefsbackup.core.retry.RetryPolicy;
import org.lakefsbackup.core.step.Settings;

class BackupConfigTest {
    @Test
    void anEmptyEnvironmentGivesTheDefaults() {
        BackupConfig c = BackupConfig.fromEnvironment(Map.of());
        assertThat(c.lakefsEndpoint()).isNull();
        assertThat(c.backupLocation()).isNull();
        assertThat(c.s3Endpoint()).isNull();
        assertThat(c.s3Region()).isNull();
        assertThat(c.s3PathStyle()).isFalse();
        assertThat(c.localRoot()).isNull();
        Settings s = c.settings();
        assertThat(s).isEqualTo(Settings.defaults());
        assertThat(s.leaseTtl()).isEqualTo(Leases.DEFAULT_TTL);
        assertThat(s.stepAttempts()).isEqualTo(RetryPolicy.STEP.maxAttempts());
        assertThatThrownBy(() -> c.backupOrDefault(null)).isInstanceOf(ErrorCode.INVALID_INPUT.exceptionClass())
                .hasMessageContaining(Env.BACKUP_LOCATION);
    }

    @Test
    void everyVariableIsRead() {
        Map<String, String> env = new HashMap<>();
        env.put(Env.LAKEFS_ENDPOINT, "https://lakefs.example.com/api/v1");
        env.put(Env.BACKUP_LOCATION, "s3://backups/lakefs");
        env.put(Env.S3_ENDPOINT, "http://minio:9000");
        env.put(Env.S3_REGION, "eu-west-1");
        env.put("AWS_REGION", "us-east-1");
        env.put(Env.S3_PATH_STYLE, " TRUE ");
        env.put(Env.LOCAL_ROOT, "/var/lakefs");
        env.put(Env.CHUNK_SIZE, "500");
        env.put(Env.CONCURRENCY, "8");
        env.put(Env.CHUNK_CONCURRENCY, "12");
        env.put(Env.TASK_TIMEOUT, "120");
        env.put(Env.PLAN_BATCH_OBJECTS, "1000");
        env.put(Env.VERIFY_BATCH_OBJECTS, "2000");
        env.put(Env.LEASE_TTL, "60");
        env.put(Env.RETRIES, "2");
        BackupConfig c = BackupConfig.fromEnvironment(env);
        assertThat(c.lakefsEndpoint()).isEqualTo(URI.create("https://lakefs.example.com/api/v1"));
        assertThat(c.backupLocation()).isEqualTo("s3://backups/lakefs");
        assertThat(c.s3Endpoint()).isEqualTo(URI.create("http://minio:9000"));
        assertThat(c.s3Region()).as("ours before AWS_REGION").isEqualTo("eu-west-1");
        assertThat(c.s3PathStyle()).isTrue();
        assertThat(c.localRoot()).isEqualTo("/var/lakefs");
        Settings s = c.settings();
        assertThat(s.copyChunkSize()).isEqualTo(500);
        assertThat(s.copyConcurrency()).isEqualTo(8);
        assertThat(s.chunkConcurrency()).isEqualTo(12);
        assertThat(s.taskTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(s.planBatchObjects()).isEqualTo(1000);
        assertThat(s.verifyBatchObjects()).isEqualTo(2000);
        assertThat(s.leaseTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.stepAttempts()).as("retries plus the first attempt").isEqualTo(3);
        assertThat(c.backupOrDefault(null)).isEqualTo("s3://backups/lakefs");
        assertThat(c.backupOrDefault("file:///elsewhere")).isEqualTo("file:///elsewhere");
    }

    @Test
    void awsRegionIsTheFallbackAndBlankValuesAreUnset() {
        BackupConfig c = BackupConfig.fromEnvironment(Map.of("AWS_REGION", "us-east-1", Env.S3_REGION, "  ",
                Env.CHUNK_SIZE, ""));
        assertThat(c.s3Region()).isEqualTo("us-east-1");
        assertThat(c.settings().copyChunkSize()).isEqualTo(Settings.DEFAULT_COPY_CHUNK_SIZE);
    }

    @Test
    void oneBatchVariableKeepsTheOtherDefault() {
        Settings s = BackupConfig.fromEnvironment(Map.of(Env.VERIFY_BATCH_OBJECTS, "7")).settings();
        assertThat(s.verifyBatchObjects()).isEqualTo(7);
        assertThat(s.planBatchObjects()).isEqualTo(Settings.DEFAULT_PLAN_BATCH_OBJECTS);
    }

    @Test
    void invalidValuesAreInvalidInputNamingTheVariable() {
        for (var bad : List.of(Map.of(Env.CHUNK_SIZE, "many"), Map.of(Env.CHUNK_SIZE, "0"),
                Map.of(Env.CONCURRENCY, "100000"), Map.of(Env.CHUNK_SIZE, "99999999999"),
                Map.of(Env.S3_PATH_STYLE, "maybe"), Map.of(Env.LAKEFS_ENDPOINT, "lakefs:8000"),
                Map.of(Env.LEASE_TTL, "-5"), Map.of(Env.RETRIES, "-1"), Map.of(Env.BACKUP_LOCATION, "ftp://x/y"))) {
            assertThatThrownBy(() -> BackupConfig.fromEnvironment(bad)).as("%s", bad)
                    .isInstanceOf(ErrorCode.INVALID_INPUT.exceptionClass());
        }
        assertThatThrownBy(() -> BackupConfig.fromEnvironment(Map.of(Env.CHUNK_SIZE, "many")))
                .hasMessageContaining(Env.CHUNK_SIZE);
    }

    @Test
    void theCliTakesDefaultsOnlyForConnectionAndTuningVariables() throws IllegalAccessException {
        List<String> all = new ArrayList<>();
        for (Field f : Env.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                all.add((String) f.get(null));
            }
        }
        assertThat(Env.CLI_DEFAULTS).doesNotHaveDuplicates().allMatch(all::contains)
                .as("credentials come from lakectl's resolution, never as option defaults")
                .doesNotContain(Env.LAKEFS_ACCESS_KEY_ID, Env.LAKEFS_SECRET_ACCESS_KEY)
                .noneMatch(v -> v.matches(".*_(ALL|COMMIT|RM|AS|BREAK_LEASE|RESUME|DRY_RUN|FORCE)$"));
        assertThat(all).as("every name is ours or lakectl's").allMatch(v -> v.startsWith("LAKEFS_BACKUP_")
                || v.startsWith("LAKECTL_"));
    }
}

package org.lakefsbackup.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.store.Location;

/**
 * The configuration every host shares, read from one set of environment names ({@link Env}) in one place
 * ({@link #fromEnvironment}); the CLI builds the same record from its options. Holds no secret.
 *
 * @param lakefsEndpoint {@link Env#LAKEFS_ENDPOINT}, or {@code null} (the CLI then reads {@code ~/.lakectl.yaml},
 *                       a cloud function the secret)
 * @param backupLocation {@link Env#BACKUP_LOCATION}: the location used when an input names none, or {@code null}
 * @param s3Endpoint     {@link Env#S3_ENDPOINT}, or {@code null} for AWS
 * @param s3Region       {@link Env#S3_REGION}, else {@code AWS_REGION}, else {@code null} for the SDK's chain
 * @param s3PathStyle    {@link Env#S3_PATH_STYLE} (default false)
 * @param localRoot      {@link Env#LOCAL_ROOT}, or {@code null}
 * @param drillNamespace {@link Env#DRILL_NAMESPACE}: where drills put their temporary namespaces, or {@code null}
 * @param settings       the step tunables ({@link Env#CHUNK_SIZE}, {@link Env#CONCURRENCY},
 *                       {@link Env#CHUNK_CONCURRENCY}, {@link Env#TASK_TIMEOUT}, {@link Env#PLAN_BATCH_OBJECTS},
 *                       {@link Env#VERIFY_BATCH_OBJECTS}, {@link Env#DELETE_BATCH_OBJECTS}, {@link Env#LEASE_TTL},
 *                       {@link Env#RETRIES}; defaults in
 *                       {@link Settings})
 */
public record BackupConfig(URI lakefsEndpoint, String backupLocation, URI s3Endpoint, String s3Region,
                           boolean s3PathStyle, String localRoot, String drillNamespace, Settings settings) {
    public BackupConfig {
        if (backupLocation != null) {
            Location.parse(backupLocation);
        }
        if (drillNamespace != null) {
            Location.parse(drillNamespace);
        }
        Objects.requireNonNull(settings, "settings");
    }

    /** Reads the configuration from an environment (normally {@code System.getenv()}). */
    public static BackupConfig fromEnvironment(Map<String, String> env) {
        EnvReader read = new EnvReader(env);
        String region = read.string(Env.S3_REGION);
        return new BackupConfig(read.uri(Env.LAKEFS_ENDPOINT), read.string(Env.BACKUP_LOCATION),
                read.uri(Env.S3_ENDPOINT), region != null ? region : read.string("AWS_REGION"),
                read.bool(Env.S3_PATH_STYLE, false), read.string(Env.LOCAL_ROOT), read.string(Env.DRILL_NAMESPACE),
                settings(env, Settings.defaults()));
    }

    /** {@code base} with every tunable the environment sets. */
    public static Settings settings(Map<String, String> env, Settings base) {
        Settings s = base;
        EnvReader read = new EnvReader(env);
        try {
            Long n;
            if ((n = read.number(Env.CHUNK_SIZE)) != null) {
                s = s.withCopyChunkSize(toInt(Env.CHUNK_SIZE, n));
            }
            if ((n = read.number(Env.CONCURRENCY)) != null) {
                s = s.withCopyConcurrency(toInt(Env.CONCURRENCY, n));
            }
            if ((n = read.number(Env.CHUNK_CONCURRENCY)) != null) {
                s = s.withChunkConcurrency(toInt(Env.CHUNK_CONCURRENCY, n));
            }
            if ((n = read.number(Env.TASK_TIMEOUT)) != null) {
                s = s.withTaskTimeout(Duration.ofSeconds(n));
            }
            Long plan = read.number(Env.PLAN_BATCH_OBJECTS);
            Long verify = read.number(Env.VERIFY_BATCH_OBJECTS);
            if (plan != null || verify != null) {
                s = s.withBatches(plan != null ? plan : s.planBatchObjects(),
                        verify != null ? verify : s.verifyBatchObjects());
            }
            if ((n = read.number(Env.DELETE_BATCH_OBJECTS)) != null) {
                s = s.withDeleteBatchObjects(n);
            }
            if ((n = read.number(Env.LEASE_TTL)) != null) {
                s = s.withLeaseTtl(Duration.ofSeconds(n));
            }
            if ((n = read.number(Env.RETRIES)) != null) {
                s = s.withStepAttempts(toInt(Env.RETRIES, n + 1));
            }
        } catch (IllegalArgumentException e) {
            throw ErrorCode.INVALID_INPUT.exception("invalid setting in the environment: " + e.getMessage(), e);
        }
        return s;
    }

    /** The backup location of a request, or the configured one; INVALID_INPUT when there is neither. */
    public String backupOrDefault(String requested) {
        if (requested != null && !requested.isBlank()) {
            return requested;
        }
        if (backupLocation == null) {
            throw ErrorCode.INVALID_INPUT.exception("no backup location was given and " + Env.BACKUP_LOCATION
                    + " is not set");
        }
        return backupLocation;
    }

    /**
     * The drill namespace prefix of a request, or the configured one. When one is configured a request may name
     * only that one (on AWS the drill may delete only there); INVALID_INPUT when there is neither.
     */
    public String drillNamespaceOrDefault(String requested) {
        if (requested == null || requested.isBlank()) {
            if (drillNamespace == null) {
                throw ErrorCode.INVALID_INPUT.exception("no namespace prefix for the drill was given and "
                        + Env.DRILL_NAMESPACE + " is not set");
            }
            return drillNamespace;
        }
        if (drillNamespace != null && !Location.parse(requested).equals(Location.parse(drillNamespace))) {
            throw ErrorCode.INVALID_INPUT.exception("drills here restore only under " + drillNamespace + " ("
                    + Env.DRILL_NAMESPACE + "), not " + requested);
        }
        return requested;
    }

    private static int toInt(String name, long n) {
        if (n > Integer.MAX_VALUE) {
            throw ErrorCode.INVALID_INPUT.exception(name + " is too large: " + n);
        }
        return (int) n;
    }
}

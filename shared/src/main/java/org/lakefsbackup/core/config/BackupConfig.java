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
        String region = value(env, Env.S3_REGION);
        return new BackupConfig(uri(env, Env.LAKEFS_ENDPOINT), value(env, Env.BACKUP_LOCATION),
                uri(env, Env.S3_ENDPOINT), region != null ? region : value(env, "AWS_REGION"),
                bool(env, Env.S3_PATH_STYLE), value(env, Env.LOCAL_ROOT), value(env, Env.DRILL_NAMESPACE),
                settings(env, Settings.defaults()));
    }

    /** {@code base} with every tunable the environment sets. */
    public static Settings settings(Map<String, String> env, Settings base) {
        Settings s = base;
        try {
            Long n;
            if ((n = number(env, Env.CHUNK_SIZE)) != null) {
                s = s.withCopyChunkSize(toInt(Env.CHUNK_SIZE, n));
            }
            if ((n = number(env, Env.CONCURRENCY)) != null) {
                s = s.withCopyConcurrency(toInt(Env.CONCURRENCY, n));
            }
            if ((n = number(env, Env.CHUNK_CONCURRENCY)) != null) {
                s = s.withChunkConcurrency(toInt(Env.CHUNK_CONCURRENCY, n));
            }
            if ((n = number(env, Env.TASK_TIMEOUT)) != null) {
                s = s.withTaskTimeout(Duration.ofSeconds(n));
            }
            Long plan = number(env, Env.PLAN_BATCH_OBJECTS);
            Long verify = number(env, Env.VERIFY_BATCH_OBJECTS);
            if (plan != null || verify != null) {
                s = s.withBatches(plan != null ? plan : s.planBatchObjects(),
                        verify != null ? verify : s.verifyBatchObjects());
            }
            if ((n = number(env, Env.DELETE_BATCH_OBJECTS)) != null) {
                s = s.withDeleteBatchObjects(n);
            }
            if ((n = number(env, Env.LEASE_TTL)) != null) {
                s = s.withLeaseTtl(Duration.ofSeconds(n));
            }
            if ((n = number(env, Env.RETRIES)) != null) {
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

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static URI uri(Map<String, String> env, String name) {
        String v = value(env, name);
        if (v == null) {
            return null;
        }
        try {
            URI u = URI.create(v);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new IllegalArgumentException("not an absolute URL");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw ErrorCode.INVALID_INPUT.exception(name + " is not a URL: '" + v + "'", e);
        }
    }

    private static boolean bool(Map<String, String> env, String name) {
        String v = value(env, name);
        if (v == null) {
            return false;
        }
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ErrorCode.INVALID_INPUT.exception(name + " must be true or false, was '" + v + "'");
        };
    }

    private static Long number(Map<String, String> env, String name) {
        String v = value(env, name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ErrorCode.INVALID_INPUT.exception(name + " must be a whole number, was '" + v + "'");
        }
    }
}

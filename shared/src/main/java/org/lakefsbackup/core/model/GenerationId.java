package org.lakefsbackup.core.model;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * A backup generation id: UTC creation time to the millisecond and a random suffix, e.g.
 * {@code 20261124T035154123Z-k3x9}. Ids sort by creation time as plain strings.
 */
public record GenerationId(String value) implements Comparable<GenerationId> {
    private static final Pattern FORMAT = Pattern.compile("^\\d{8}T\\d{9}Z-[a-z0-9]{4}$");
    private static final Pattern PREFIX = Pattern.compile("^(\\d{1,8}|\\d{8}T\\d{0,9}|\\d{8}T\\d{9}Z(-[a-z0-9]{0,4})?)$");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    public GenerationId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw ErrorCode.INVALID_INPUT.exception("invalid generation id '" + value
                    + "': expected the form 20261124T035154123Z-k3x9 (see 'lakefs-backup list')");
        }
    }

    /** A new id for a generation created at {@code now}. */
    public static GenerationId create(Instant now) {
        StringBuilder suffix = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new GenerationId(TIME.format(now) + "-" + suffix);
    }

    /**
     * The id of the generation a run makes: the run id itself when it is a generation id, else one derived from the
     * run's start time and a hash of the run id (an execution name), so every retry of the run's first step names
     * the same generation.
     */
    public static GenerationId forRun(String runId, Instant startedAt) {
        if (isValid(runId)) {
            return new GenerationId(runId);
        }
        byte[] hash;
        try {
            hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(runId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder suffix = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            suffix.append(ALPHABET.charAt(Math.floorMod(hash[i], ALPHABET.length())));
        }
        return new GenerationId(TIME.format(startedAt) + "-" + suffix);
    }

    /** The time the id names: when its run started, to the millisecond (UTC). */
    public Instant time() {
        return TIME.parse(value.substring(0, 19), Instant::from);
    }

    /** {@code at} in the time format of ids, e.g. {@code 20261124T035154123Z}. */
    public static String timestamp(Instant at) {
        return TIME.format(at);
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    /** Whether {@code value} is the start of some generation id (a whole id included), e.g. {@code 20261124T03}. */
    public static boolean isPrefix(String value) {
        return value != null && PREFIX.matcher(value).matches();
    }

    @Override
    public int compareTo(GenerationId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}

package org.lakefsbackup.testkit.lakefs;

import java.security.SecureRandom;

/** Random identifiers in lakeFS's formats. */
final class IdGenerator {
    private static final char[] NANOID_ALPHABET =
            "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private IdGenerator() {
    }

    /** A task id: the operation prefix ({@code DR}, {@code RR}) and a 20-character nanoid. */
    static String taskId(String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        for (int i = 0; i < 20; i++) {
            sb.append(NANOID_ALPHABET[RANDOM.nextInt(NANOID_ALPHABET.length)]);
        }
        return sb.toString();
    }

    static String runId() {
        return taskId("").toLowerCase(java.util.Locale.ROOT).replace('_', '0').replace('-', '1');
    }
}

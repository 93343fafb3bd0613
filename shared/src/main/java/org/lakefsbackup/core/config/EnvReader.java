package org.lakefsbackup.core.config;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * Reads typed values from an environment (environment variables, Lambda configuration, Azure app settings), the
 * same way for every host: a blank value is unset, values are trimmed, and a malformed value is INVALID_INPUT naming
 * the variable and the value (no setting holds a secret, so the value may be shown).
 */
public final class EnvReader {
    private final Map<String, String> env;

    public EnvReader(Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /** The trimmed value, or {@code null} when unset or blank. */
    public String string(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** An absolute URL, or {@code null} when unset. */
    public URI uri(String name) {
        String v = string(name);
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

    /** {@code true/1/yes} or {@code false/0/no} (any case), or {@code defaultValue} when unset. */
    public boolean bool(String name, boolean defaultValue) {
        String v = string(name);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ErrorCode.INVALID_INPUT.exception(name + " must be true or false, was '" + v + "'");
        };
    }

    /** A whole number, or {@code null} when unset. */
    public Long number(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ErrorCode.INVALID_INPUT.exception(name + " must be a whole number, was '" + v + "'");
        }
    }

    /** A whole number, or {@code defaultValue} when unset. */
    public long number(String name, long defaultValue) {
        Long n = number(name);
        return n == null ? defaultValue : n;
    }

    /** A positive {@code int}, or {@code defaultValue} when unset. */
    public int positiveInt(String name, int defaultValue) {
        Long n = number(name);
        if (n == null) {
            return defaultValue;
        }
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw ErrorCode.INVALID_INPUT.exception(name + " must be a positive integer, was '" + n + "'");
        }
        return n.intValue();
    }

    /** A comma-separated list, trimmed, without empty items; empty when unset. */
    public List<String> list(String name) {
        String v = string(name);
        return v == null ? List.of() : Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
    }
}

package org.lakefsbackup.core.store;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * An object-store location: a store (bucket, container, directory root) and a key or key prefix inside it.
 *
 * <p>Accepted forms: {@code s3://bucket[/prefix]}, {@code https://<account>.blob.core.windows.net/<container>[/prefix]},
 * {@code local://path} (lakeFS's local block store, resolved under a configured root) and {@code file:///abs/path}.
 * Keys never start or end with {@code /}; the empty key is the root of the store. Immutable and thread-safe.
 *
 * @param scheme    the kind of store
 * @param authority the S3 bucket or the Azure blob host; empty for {@code local} and {@code file}
 * @param container the Azure container; empty otherwise
 * @param key       the key or prefix inside the store, without leading or trailing slash
 */
public record Location(Scheme scheme, String authority, String container, String key) {

    /** The kinds of store a location can name. */
    public enum Scheme {
        S3("s3"), AZURE_BLOB("https"), LOCAL("local"), FILE("file");

        private final String prefix;

        Scheme(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    private static final Pattern S3_BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");
    private static final Pattern AZURE_HOST =
            Pattern.compile("^[a-z0-9]{3,24}\\.blob\\.core\\.(windows\\.net|chinacloudapi\\.cn|usgovcloudapi\\.net)$");
    private static final Pattern AZURE_CONTAINER = Pattern.compile("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$");

    public Location {
        Objects.requireNonNull(scheme, "scheme");
        authority = authority == null ? "" : authority;
        container = container == null ? "" : container;
        key = normalizeKey(key == null ? "" : key);
        switch (scheme) {
            case S3 -> require(S3_BUCKET.matcher(authority).matches(), "invalid S3 bucket name '" + authority + "'");
            case AZURE_BLOB -> {
                require(AZURE_HOST.matcher(authority).matches(),
                        "invalid Azure blob host '" + authority + "': expected <account>.blob.core.windows.net");
                require(AZURE_CONTAINER.matcher(container).matches(), "invalid Azure container name '" + container + "'");
            }
            case LOCAL, FILE -> require(authority.isEmpty() && container.isEmpty(), "local locations have no host");
        }
        for (String segment : key.split("/", -1)) {
            require(!segment.equals("..") && !segment.equals("."), "'.' and '..' are not allowed in keys: '" + key + "'");
        }
    }

    /**
     * Parses a location URI.
     *
     * @throws org.lakefsbackup.core.error.InvalidInputException with a message saying what is accepted
     */
    public static Location parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw invalid("a location is required");
        }
        String u = uri.trim();
        String lower = u.toLowerCase(Locale.ROOT);
        int sep = u.indexOf("://");
        if (sep <= 0) {
            throw invalid("'" + uri + "' is not a URI; " + ACCEPTED);
        }
        String scheme = lower.substring(0, sep);
        String rest = u.substring(sep + 3);
        switch (scheme) {
            case "s3" -> {
                int slash = rest.indexOf('/');
                String bucket = slash < 0 ? rest : rest.substring(0, slash);
                return new Location(Scheme.S3, bucket, "", slash < 0 ? "" : rest.substring(slash + 1));
            }
            case "https", "http" -> {
                int slash = rest.indexOf('/');
                String host = (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
                if (host.contains(".dfs.core.")) {
                    throw invalid("'" + uri + "' is a Data Lake (dfs) endpoint; lakeFS namespaces use the blob endpoint "
                            + "https://<account>.blob.core.windows.net/<container>[/prefix]");
                }
                if (!host.contains(".blob.core.")) {
                    throw invalid("'" + uri + "' is not an Azure Blob location; " + ACCEPTED);
                }
                require(scheme.equals("https"), "Azure Blob locations must use https: '" + uri + "'");
                String path = slash < 0 ? "" : rest.substring(slash + 1);
                int cslash = path.indexOf('/');
                String container = cslash < 0 ? path : path.substring(0, cslash);
                require(!container.isEmpty(), "an Azure Blob location needs a container: '" + uri + "'");
                return new Location(Scheme.AZURE_BLOB, host, container, cslash < 0 ? "" : path.substring(cslash + 1));
            }
            case "local" -> {
                require(!rest.isEmpty(), "a local:// location needs a path: '" + uri + "'");
                return new Location(Scheme.LOCAL, "", "", rest);
            }
            case "file" -> {
                require(rest.startsWith("/"), "file locations must be absolute, as file:///abs/path: '" + uri + "'");
                return new Location(Scheme.FILE, "", "", rest.substring(1));
            }
            case "abfs", "abfss", "wasb", "wasbs" -> throw invalid("'" + uri + "': " + scheme + ":// is a Hadoop driver "
                    + "URI, not a lakeFS storage namespace; use https://<account>.blob.core.windows.net/<container>[/prefix]");
            default -> throw invalid("unsupported scheme '" + scheme + "://' in '" + uri + "'; " + ACCEPTED);
        }
    }

    private static final String ACCEPTED = "accepted forms are s3://bucket[/prefix], "
            + "https://<account>.blob.core.windows.net/<container>[/prefix], local://path and file:///abs/path";

    /**
     * Whether {@code key} is a key this class accepts under a location as it is: non-empty, no leading, trailing or
     * doubled {@code /}, no {@code .} or {@code ..} segment, no NUL. Keys read from backups are checked with it
     * before they are used.
     */
    public static boolean isRelativeKey(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("//")
                || key.indexOf('\0') >= 0) {
            return false;
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** The location of {@code relativeKey} under this one. */
    public Location resolve(String relativeKey) {
        String rel = normalizeKey(relativeKey);
        if (rel.isEmpty()) {
            return this;
        }
        return new Location(scheme, authority, container, key.isEmpty() ? rel : key + "/" + rel);
    }

    /** The key of {@code child} relative to this location, which must contain it. */
    public String relativize(Location child) {
        if (!sameStore(child)) {
            throw invalid(child + " is not in the same store as " + this);
        }
        if (key.isEmpty()) {
            return child.key;
        }
        if (child.key.equals(key)) {
            return "";
        }
        if (!child.key.startsWith(key + "/")) {
            throw invalid(child + " is not under " + this);
        }
        return child.key.substring(key.length() + 1);
    }

    /** Whether both locations are in the same bucket, container or file-system root. */
    public boolean sameStore(Location other) {
        return scheme == other.scheme && authority.equals(other.authority) && container.equals(other.container);
    }

    /** Whether {@code other} is this location or lies under it (or the reverse). */
    public boolean overlaps(Location other) {
        if (!sameStore(other)) {
            return false;
        }
        return key.isEmpty() || other.key.isEmpty() || key.equals(other.key)
                || key.startsWith(other.key + "/") || other.key.startsWith(key + "/");
    }

    /** The canonical URI of this location. */
    @Override
    public String toString() {
        String suffix = key.isEmpty() ? "" : "/" + key;
        return switch (scheme) {
            case S3 -> "s3://" + authority + suffix;
            case AZURE_BLOB -> "https://" + authority + "/" + container + suffix;
            case LOCAL -> "local://" + key;
            case FILE -> "file:///" + key;
        };
    }

    private static String normalizeKey(String key) {
        String k = key;
        while (k.startsWith("/")) {
            k = k.substring(1);
        }
        while (k.endsWith("/")) {
            k = k.substring(0, k.length() - 1);
        }
        if (k.contains("//")) {
            throw invalid("empty path segment in '" + key + "'");
        }
        return k;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw invalid(message);
        }
    }

    private static RuntimeException invalid(String message) {
        return ErrorCode.INVALID_INPUT.exception(message);
    }
}

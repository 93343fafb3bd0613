package org.lakefsbackup.core.lakefs;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * How to reach one lakeFS server: its API endpoint, an access key and HTTP timeouts. Immutable and thread-safe.
 *
 * <p>{@link #toString()} redacts the secret access key; never log {@link #secretAccessKey()} itself.
 *
 * @param endpoint        absolute {@code http} or {@code https} URI of the API, ending in {@code /api/v1}, without
 *                        credentials, query or fragment (see {@link LakeFsConfigResolver#normalizeEndpoint(String)})
 * @param accessKeyId     the access key id (HTTP Basic user)
 * @param secretAccessKey the secret access key (HTTP Basic password)
 * @param connectTimeout  TCP connect timeout; {@link #DEFAULT_CONNECT_TIMEOUT} when {@code null}
 * @param readTimeout     socket read (and write) timeout; {@link #DEFAULT_READ_TIMEOUT} when {@code null}. The
 *                        synchronous refs dump and restore can take long on big repositories
 */
public record LakeFsConfig(URI endpoint, String accessKeyId, String secretAccessKey, Duration connectTimeout,
                           Duration readTimeout) {

    /** The path every lakeFS API endpoint ends with. */
    public static final String API_PATH = "/api/v1";
    /** 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** 60 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    public LakeFsConfig {
        checkEndpoint(endpoint);
        require(accessKeyId != null && !accessKeyId.isBlank(), "lakeFS access key id is empty");
        require(secretAccessKey != null && !secretAccessKey.isBlank(), "lakeFS secret access key is empty");
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        readTimeout = readTimeout == null ? DEFAULT_READ_TIMEOUT : readTimeout;
        checkTimeout("connect", connectTimeout);
        checkTimeout("read", readTimeout);
    }

    /** A config with the default timeouts. */
    public LakeFsConfig(URI endpoint, String accessKeyId, String secretAccessKey) {
        this(endpoint, accessKeyId, secretAccessKey, null, null);
    }

    /** This config with other timeouts; {@code null} keeps the current one. */
    public LakeFsConfig withTimeouts(Duration connect, Duration read) {
        return new LakeFsConfig(endpoint, accessKeyId, secretAccessKey,
                connect == null ? connectTimeout : connect, read == null ? readTimeout : read);
    }

    @Override
    public String toString() {
        return "LakeFsConfig[endpoint=" + endpoint + ", accessKeyId=" + accessKeyId + ", secretAccessKey=****"
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "]";
    }

    private static void checkEndpoint(URI endpoint) {
        require(endpoint != null, "lakeFS endpoint is missing");
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        // Never echo a URI with user info: it may carry a password.
        require(endpoint.getRawUserInfo() == null,
                "lakeFS endpoint must not contain credentials; pass the access key separately");
        require(endpoint.isAbsolute() && (scheme.equals("http") || scheme.equals("https")),
                "lakeFS endpoint '" + endpoint + "' must be an absolute http:// or https:// URI");
        require(endpoint.getHost() != null && !endpoint.getHost().isEmpty(),
                "lakeFS endpoint '" + endpoint + "' has no host");
        require(endpoint.getRawQuery() == null && endpoint.getRawFragment() == null,
                "lakeFS endpoint '" + endpoint + "' must not have a query or fragment");
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        require(path.endsWith(API_PATH),
                "lakeFS endpoint '" + endpoint + "' must end with " + API_PATH + " (e.g. " + withApiPath(endpoint) + ")");
    }

    private static String withApiPath(URI endpoint) {
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            return new URI(endpoint.getScheme(), null, endpoint.getHost(), endpoint.getPort(), path + API_PATH, null,
                    null).toString();
        } catch (URISyntaxException e) {
            return "https://lakefs.example.com" + API_PATH;
        }
    }

    private static void checkTimeout(String name, Duration timeout) {
        require(!timeout.isNegative() && !timeout.isZero(), "lakeFS " + name + " timeout must be positive: " + timeout);
        require(timeout.toMillis() <= Integer.MAX_VALUE, "lakeFS " + name + " timeout is too long: " + timeout);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw ErrorCode.INVALID_INPUT.exception(message);
        }
    }
}

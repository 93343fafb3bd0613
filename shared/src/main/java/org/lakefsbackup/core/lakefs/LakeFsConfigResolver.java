package org.lakefsbackup.core.lakefs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.lakefsbackup.core.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a {@link LakeFsConfig} the way lakectl and {@code lakefs-refs.py} do. Each of endpoint, access key id and
 * secret is taken independently from the first source that sets it: command-line flags, then the environment
 * ({@value #ENV_ENDPOINT}, {@value #ENV_ACCESS_KEY_ID}, {@value #ENV_SECRET_ACCESS_KEY}), then
 * {@code <home>/.lakectl.yaml} ({@code server.endpoint_url}, {@code credentials.access_key_id},
 * {@code credentials.secret_access_key}). Blank values count as unset. A malformed file is logged as a warning and
 * ignored. Thread-safe.
 */
public final class LakeFsConfigResolver {
    public static final String ENV_ENDPOINT = "LAKECTL_SERVER_ENDPOINT_URL";
    public static final String ENV_ACCESS_KEY_ID = "LAKECTL_CREDENTIALS_ACCESS_KEY_ID";
    public static final String ENV_SECRET_ACCESS_KEY = "LAKECTL_CREDENTIALS_SECRET_ACCESS_KEY";
    public static final String FLAG_ENDPOINT = "--endpoint-url";
    public static final String FLAG_ACCESS_KEY_ID = "--access-key-id";
    public static final String FLAG_SECRET_ACCESS_KEY = "--secret-access-key";
    public static final String LAKECTL_FILE = ".lakectl.yaml";

    private static final Logger LOG = LoggerFactory.getLogger(LakeFsConfigResolver.class);
    private static final Pattern HAS_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

    /**
     * Values given on the command line; each may be {@code null}.
     */
    public record Flags(String endpoint, String accessKeyId, String secretAccessKey) {
        public static final Flags NONE = new Flags(null, null, null);

        @Override
        public String toString() {
            return "Flags[endpoint=" + endpoint + ", accessKeyId=" + accessKeyId + ", secretAccessKey="
                    + (secretAccessKey == null ? "null" : "****") + "]";
        }
    }

    private final Map<String, String> environment;
    private final Path lakectlFile;

    /**
     * @param environment   the process environment (usually {@code System.getenv()})
     * @param homeDirectory the user's home directory, where {@value #LAKECTL_FILE} is looked for
     */
    public LakeFsConfigResolver(Map<String, String> environment, Path homeDirectory) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.lakectlFile = Objects.requireNonNull(homeDirectory, "homeDirectory").resolve(LAKECTL_FILE);
    }

    /** A resolver over this process's environment and {@code user.home}. */
    public static LakeFsConfigResolver fromSystem() {
        return new LakeFsConfigResolver(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Resolves the config with default timeouts.
     *
     * @throws org.lakefsbackup.core.error.InvalidInputException when a value is missing from every source (the
     *                                                           message names all three) or invalid
     */
    public LakeFsConfig resolve(Flags flags) {
        Objects.requireNonNull(flags, "flags");
        FileValues file = readLakectlFile();
        String endpoint = first(flags.endpoint(), environment.get(ENV_ENDPOINT), file.endpoint());
        String keyId = first(flags.accessKeyId(), environment.get(ENV_ACCESS_KEY_ID), file.accessKeyId());
        String secret = first(flags.secretAccessKey(), environment.get(ENV_SECRET_ACCESS_KEY), file.secretAccessKey());

        List<String> missing = new ArrayList<>();
        if (endpoint == null) {
            missing.add(describe("lakeFS endpoint", FLAG_ENDPOINT, ENV_ENDPOINT, "server.endpoint_url"));
        }
        if (keyId == null) {
            missing.add(describe("lakeFS access key id", FLAG_ACCESS_KEY_ID, ENV_ACCESS_KEY_ID,
                    "credentials.access_key_id"));
        }
        if (secret == null) {
            missing.add(describe("lakeFS secret access key", FLAG_SECRET_ACCESS_KEY, ENV_SECRET_ACCESS_KEY,
                    "credentials.secret_access_key"));
        }
        if (!missing.isEmpty()) {
            throw ErrorCode.INVALID_INPUT.exception(String.join("; ", missing));
        }
        return new LakeFsConfig(normalizeEndpoint(endpoint), keyId, secret);
    }

    /**
     * Normalises an endpoint like the lakeFS Python SDK: prefixes {@code http://} when there is no scheme, strips
     * trailing slashes and appends {@code /api/v1} when the URL has no path.
     *
     * @throws org.lakefsbackup.core.error.InvalidInputException when the result is not a URI
     */
    public static URI normalizeEndpoint(String endpoint) {
        String value = Objects.requireNonNull(endpoint, "endpoint").strip();
        if (!HAS_SCHEME.matcher(value).matches()) {
            value = "http://" + value;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw ErrorCode.INVALID_INPUT.exception("lakeFS endpoint is not a valid URL: " + e.getReason(), e);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            path = LakeFsConfig.API_PATH;
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        return URI.create(uri.getScheme() + "://" + authority + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
    }

    private String describe(String what, String flag, String env, String yamlKey) {
        return what + " is not set: pass " + flag + ", set " + env + ", or set " + yamlKey + " in " + lakectlFile;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }

    private record FileValues(String endpoint, String accessKeyId, String secretAccessKey) {
        static final FileValues EMPTY = new FileValues(null, null, null);
    }

    private FileValues readLakectlFile() {
        JsonNode root;
        try (InputStream in = Files.newInputStream(lakectlFile)) {
            root = new ObjectMapper(new YAMLFactory()).readTree(in);
        } catch (NoSuchFileException e) {
            return FileValues.EMPTY;
        } catch (JacksonException e) {
            // The parser's message may quote the offending line, which may hold the secret: log the position only.
            JsonLocation at = e.getLocation();
            LOG.warn("Failed to load config from {}: malformed YAML near line {}, column {}; ignoring it", lakectlFile,
                    at == null ? "?" : at.getLineNr(), at == null ? "?" : at.getColumnNr());
            return FileValues.EMPTY;
        } catch (IOException e) {
            LOG.warn("Failed to load config from {}: {}; ignoring it", lakectlFile, e.toString());
            return FileValues.EMPTY;
        }
        if (root == null || !root.isObject()) {
            if (root != null && !root.isMissingNode()) {
                LOG.warn("Failed to load config from {}: not a YAML mapping; ignoring it", lakectlFile);
            }
            return FileValues.EMPTY;
        }
        return new FileValues(text(root, "server", "endpoint_url"), text(root, "credentials", "access_key_id"),
                text(root, "credentials", "secret_access_key"));
    }

    private static String text(JsonNode root, String section, String key) {
        JsonNode value = root.path(section).path(key);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}

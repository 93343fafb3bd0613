package org.lakefsbackup.core.store.azure;

import com.azure.core.credential.TokenCredential;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * How an {@link AzureBlobObjectStore} reaches and authorizes each storage account and sizes its requests. Validated
 * on construction; use {@link #builder()} for the documented defaults. {@link #toString()} never shows a key.
 *
 * <p>Where an account is served: {@code accountEndpoints} names an exact service endpoint per account; otherwise
 * {@code endpointOverride} serves every account path-style at {@code <endpointOverride>/<account>} (Azurite, as
 * lakeFS's {@code blockstore.azure.test_endpoint_url}); otherwise the location's own host,
 * {@code https://<account>.blob.core.windows.net} (or a sovereign cloud's blob host).
 *
 * <p>How an account is authorized: with its shared key when {@code accountKeys} has one (Azurite, or accounts that
 * allow shared keys), else with {@code credential}, an Entra ID token credential (default: azure-identity's
 * {@code DefaultAzureCredential}: environment, workload identity, managed identity, Azure CLI). A copy source is
 * authorized the same way, by a read-only SAS on its URL: a service SAS signed with the key, or a user-delegation SAS
 * from the token credential (the identity needs {@code generateUserDelegationKey}, part of the Storage Blob Data
 * Reader role).
 *
 * @param endpointOverride        a path-style endpoint serving every account not in {@code accountEndpoints}, or
 *                                {@code null}
 * @param accountEndpoints        exact service endpoints by account name (default none)
 * @param accountKeys             shared keys (base64) by account name (default none); never logged
 * @param credential              the token credential for accounts without a key, or {@code null} (the default)
 *                                for azure-identity's {@code DefaultAzureCredential}, built when first needed
 * @param accounts                the accounts this store serves; empty (the default) for every account
 * @param maxAttempts             attempts per request including the first (default 10); the SDK retries 408, 429,
 *                                500, 502, 503, 504 and I/O errors with exponential backoff
 * @param retryBaseDelay          base delay of that backoff (default 100 ms)
 * @param maxRetryDelay           longest single backoff (default 20 s)
 * @param singleCopyThreshold     blobs up to this size are copied with one Copy Blob From URL (default and maximum
 *                                256 MiB, that operation's limit); larger ones block by block or, inside one
 *                                account, with an asynchronous Copy Blob
 * @param blockSize               block size for copies (Put Block From URL) and streamed uploads (Put Block), 1 byte
 *                                to 4000 MiB (default 64 MiB); raised per blob when it would need more than 50,000
 *                                blocks. An upload holds one block in memory
 * @param blockConcurrency        blocks copied at the same time by the whole store (default 8)
 * @param asyncCopyWithinAccount  whether blobs above {@code singleCopyThreshold} are copied inside one account with
 *                                one asynchronous Copy Blob, which Azure completes inside the account (default true);
 *                                when false, or across accounts, block by block
 * @param asyncCopyTimeout        how long to wait for an asynchronous copy to finish (default 1 h)
 * @param sourceSasValidity       how long a copy source's SAS stays valid (default 2 h; longer than
 *                                {@code asyncCopyTimeout})
 * @param listPageSize            blobs per List Blobs page, 1 to 5000 (default 5000)
 * @param copyFromExternalUrls    whether copies from other clouds (S3 presigned URLs) are made by Azure with Put
 *                                Block From URL (default true); off when Azure cannot reach the source endpoint,
 *                                then bytes stream through the process
 */
public record AzureBlobStoreConfig(URI endpointOverride, Map<String, URI> accountEndpoints,
                                   Map<String, String> accountKeys, TokenCredential credential, Set<String> accounts,
                                   int maxAttempts, Duration retryBaseDelay, Duration maxRetryDelay,
                                   long singleCopyThreshold, long blockSize, int blockConcurrency,
                                   boolean asyncCopyWithinAccount, Duration asyncCopyTimeout,
                                   Duration sourceSasValidity, int listPageSize, boolean copyFromExternalUrls) {

    public static final long MIB = 1024L * 1024;
    /** The largest source Copy Blob From URL copies. */
    public static final long MAX_SINGLE_COPY = 256 * MIB;
    /** The largest block Put Block and Put Block From URL accept. */
    public static final long MAX_BLOCK_SIZE = 4000 * MIB;
    /** The most blocks a block blob has. */
    public static final int MAX_BLOCKS = 50_000;

    private static final Pattern ACCOUNT = Pattern.compile("^[a-z0-9]{3,24}$");
    private static final Pattern BASE64 = Pattern.compile("^[A-Za-z0-9+/]+={0,2}$");

    public AzureBlobStoreConfig {
        accountEndpoints = Map.copyOf(Objects.requireNonNull(accountEndpoints, "accountEndpoints"));
        accountKeys = Map.copyOf(Objects.requireNonNull(accountKeys, "accountKeys"));
        accounts = Set.copyOf(Objects.requireNonNull(accounts, "accounts"));
        Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
        Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
        Objects.requireNonNull(asyncCopyTimeout, "asyncCopyTimeout");
        Objects.requireNonNull(sourceSasValidity, "sourceSasValidity");
        if (endpointOverride != null) {
            requireHttp("endpointOverride", endpointOverride);
        }
        accountEndpoints.forEach((account, endpoint) -> {
            requireAccount(account);
            requireHttp("endpoint of account " + account, endpoint);
        });
        accountKeys.forEach((account, key) -> {
            requireAccount(account);
            if (key.isBlank()) {
                throw new IllegalArgumentException("the key of account " + account + " is blank");
            }
        });
        accounts.forEach(AzureBlobStoreConfig::requireAccount);
        requireRange("maxAttempts", maxAttempts, 1, 100);
        requireRange("singleCopyThreshold", singleCopyThreshold, 0, MAX_SINGLE_COPY);
        requireRange("blockSize", blockSize, 1, MAX_BLOCK_SIZE);
        requireRange("blockConcurrency", blockConcurrency, 1, 256);
        requireRange("listPageSize", listPageSize, 1, 5000);
        if (retryBaseDelay.isNegative() || retryBaseDelay.isZero() || maxRetryDelay.compareTo(retryBaseDelay) < 0) {
            throw new IllegalArgumentException("retryBaseDelay must be positive and maxRetryDelay at least as long");
        }
        if (asyncCopyTimeout.isNegative() || asyncCopyTimeout.isZero() || sourceSasValidity.compareTo(asyncCopyTimeout) <= 0) {
            throw new IllegalArgumentException("asyncCopyTimeout must be positive and sourceSasValidity longer");
        }
    }

    /** The defaults: Azure's public endpoints, the default credential chain. */
    public static AzureBlobStoreConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Parses shared keys given as {@code account:base64key[;account:base64key...]} (Azurite's
     * {@code AZURITE_ACCOUNTS} format); {@code null} or blank is none. Messages never show a key.
     *
     * @param source where the text came from (an environment variable), for messages
     * @throws org.lakefsbackup.core.error.InvalidInputException when an entry is malformed
     */
    public static Map<String, String> parseAccountKeys(String text, String source) {
        Map<String, String> keys = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return keys;
        }
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String account = colon < 0 ? "" : entry.substring(0, colon).trim();
            String key = colon < 0 ? "" : entry.substring(colon + 1).trim();
            if (!ACCOUNT.matcher(account).matches() || key.isEmpty() || !BASE64.matcher(key).matches()) {
                throw ErrorCode.INVALID_INPUT.exception(source + " must be account:base64key[;account:base64key...]"
                        + " with account names of 3 to 24 lower-case letters and digits; entry "
                        + (keys.size() + 1) + " is not");
            }
            keys.put(account, key);
        }
        return keys;
    }

    /** The endpoint serving {@code account} whose locations name {@code host}. */
    public URI endpointFor(String account, String host) {
        URI exact = accountEndpoints.get(account);
        if (exact != null) {
            return exact;
        }
        if (endpointOverride != null) {
            String base = endpointOverride.toString();
            return URI.create((base.endsWith("/") ? base : base + "/") + account);
        }
        return URI.create("https://" + host);
    }

    /** Shows endpoints and settings; keys appear only as the accounts that have one. */
    @Override
    public String toString() {
        return "AzureBlobStoreConfig[endpointOverride=" + endpointOverride + ", accountEndpoints="
                + new TreeMap<>(accountEndpoints) + ", accountsWithKeys=" + new TreeMap<>(accountKeys).keySet()
                + ", credential=" + (credential == null ? "default" : credential.getClass().getSimpleName()) + ", accounts=" + accounts
                + ", maxAttempts=" + maxAttempts + ", retryBaseDelay=" + retryBaseDelay + ", maxRetryDelay="
                + maxRetryDelay + ", singleCopyThreshold=" + singleCopyThreshold + ", blockSize=" + blockSize
                + ", blockConcurrency=" + blockConcurrency + ", asyncCopyWithinAccount=" + asyncCopyWithinAccount
                + ", asyncCopyTimeout=" + asyncCopyTimeout + ", sourceSasValidity=" + sourceSasValidity
                + ", listPageSize=" + listPageSize + ", copyFromExternalUrls=" + copyFromExternalUrls + "]";
    }

    private static void requireAccount(String account) {
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new IllegalArgumentException("invalid storage account name '" + account
                    + "': 3 to 24 lower-case letters and digits");
        }
    }

    private static void requireHttp(String what, URI uri) {
        if (uri == null || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(what + " must be an http(s) URI with a host: " + uri);
        }
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
        }
    }

    /** Builds an {@link AzureBlobStoreConfig}; every setter's default is documented on the record component. */
    public static final class Builder {
        private URI endpointOverride;
        private Map<String, URI> accountEndpoints = Map.of();
        private Map<String, String> accountKeys = Map.of();
        private TokenCredential credential;
        private Set<String> accounts = Set.of();
        private int maxAttempts = 10;
        private Duration retryBaseDelay = Duration.ofMillis(100);
        private Duration maxRetryDelay = Duration.ofSeconds(20);
        private long singleCopyThreshold = MAX_SINGLE_COPY;
        private long blockSize = 64 * MIB;
        private int blockConcurrency = 8;
        private boolean asyncCopyWithinAccount = true;
        private Duration asyncCopyTimeout = Duration.ofHours(1);
        private Duration sourceSasValidity = Duration.ofHours(2);
        private int listPageSize = 5000;
        private boolean copyFromExternalUrls = true;

        private Builder() {
        }

        private Builder(AzureBlobStoreConfig c) {
            endpointOverride = c.endpointOverride;
            accountEndpoints = c.accountEndpoints;
            accountKeys = c.accountKeys;
            credential = c.credential;
            accounts = c.accounts;
            maxAttempts = c.maxAttempts;
            retryBaseDelay = c.retryBaseDelay;
            maxRetryDelay = c.maxRetryDelay;
            singleCopyThreshold = c.singleCopyThreshold;
            blockSize = c.blockSize;
            blockConcurrency = c.blockConcurrency;
            asyncCopyWithinAccount = c.asyncCopyWithinAccount;
            asyncCopyTimeout = c.asyncCopyTimeout;
            sourceSasValidity = c.sourceSasValidity;
            listPageSize = c.listPageSize;
            copyFromExternalUrls = c.copyFromExternalUrls;
        }

        public Builder endpointOverride(URI endpointOverride) {
            this.endpointOverride = endpointOverride;
            return this;
        }

        public Builder accountEndpoints(Map<String, URI> accountEndpoints) {
            this.accountEndpoints = accountEndpoints;
            return this;
        }

        public Builder accountKeys(Map<String, String> accountKeys) {
            this.accountKeys = accountKeys;
            return this;
        }

        public Builder credential(TokenCredential credential) {
            this.credential = credential;
            return this;
        }

        public Builder accounts(Set<String> accounts) {
            this.accounts = accounts;
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder retryBaseDelay(Duration retryBaseDelay) {
            this.retryBaseDelay = retryBaseDelay;
            return this;
        }

        public Builder maxRetryDelay(Duration maxRetryDelay) {
            this.maxRetryDelay = maxRetryDelay;
            return this;
        }

        public Builder singleCopyThreshold(long singleCopyThreshold) {
            this.singleCopyThreshold = singleCopyThreshold;
            return this;
        }

        public Builder blockSize(long blockSize) {
            this.blockSize = blockSize;
            return this;
        }

        public Builder blockConcurrency(int blockConcurrency) {
            this.blockConcurrency = blockConcurrency;
            return this;
        }

        public Builder asyncCopyWithinAccount(boolean asyncCopyWithinAccount) {
            this.asyncCopyWithinAccount = asyncCopyWithinAccount;
            return this;
        }

        public Builder asyncCopyTimeout(Duration asyncCopyTimeout) {
            this.asyncCopyTimeout = asyncCopyTimeout;
            return this;
        }

        public Builder sourceSasValidity(Duration sourceSasValidity) {
            this.sourceSasValidity = sourceSasValidity;
            return this;
        }

        public Builder listPageSize(int listPageSize) {
            this.listPageSize = listPageSize;
            return this;
        }

        public Builder copyFromExternalUrls(boolean copyFromExternalUrls) {
            this.copyFromExternalUrls = copyFromExternalUrls;
            return this;
        }

        public AzureBlobStoreConfig build() {
            return new AzureBlobStoreConfig(endpointOverride, accountEndpoints, accountKeys, credential, accounts,
                    maxAttempts, retryBaseDelay, maxRetryDelay, singleCopyThreshold, blockSize, blockConcurrency,
                    asyncCopyWithinAccount, asyncCopyTimeout, sourceSasValidity, listPageSize, copyFromExternalUrls);
        }
    }
}

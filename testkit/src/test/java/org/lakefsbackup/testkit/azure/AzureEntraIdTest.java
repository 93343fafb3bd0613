package org.lakefsbackup.testkit.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.error.UnauthorizedException;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.store.azure.AzureBlobObjectStore;
import org.lakefsbackup.core.store.azure.AzureBlobStoreConfig;

/**
 * The store authorized the way it is in Azure, with Entra ID and no key: bearer tokens on every request (Azurite over
 * https, checking the tokens' issuer, audience and times) and copy sources signed with user-delegation SAS.
 */
class AzureEntraIdTest {
    private static final long MIB = AzureBlobStoreConfig.MIB;

    private static Azurite azurite;
    private static AzureBlobObjectStore store;

    @BeforeAll
    static void start() {
        azurite = Azurite.startWithEntraIdOrSkip();
        azurite.createContainer(Azurite.ACCOUNT, "entra");
        azurite.createContainer(Azurite.OTHER_ACCOUNT, "entra");
        store = azurite.newStore(c -> c.singleCopyThreshold(MIB).blockSize(MIB));
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (azurite != null) {
            azurite.close();
        }
    }

    private static Location in(String account, String key) {
        return Location.parse(Azurite.location(account, "entra") + "/" + key);
    }

    @Test
    void readsAndWritesWithBearerTokens() {
        Location doc = in(Azurite.ACCOUNT, "docs/a.json");
        store.put(doc, "{}".getBytes(UTF_8));
        assertThat(store.putIfAbsent(doc, "x".getBytes(UTF_8))).isFalse();
        assertThat(store.get(doc)).hasValue("{}".getBytes(UTF_8));
        try (var listing = store.list(in(Azurite.ACCOUNT, "docs"), null)) {
            assertThat(listing.map(ObjectInfo::key).toList()).containsExactly("a.json");
        }
        assertThat(((EntraId.Tokens) azurite.tokenCredential()).issued()).isPositive();
    }

    @Test
    void copiesAcrossAccountsWithUserDelegationSas() {
        byte[] small = "small".getBytes(UTF_8);
        byte[] large = new byte[(int) (2 * MIB + 7)];
        new Random(3).nextBytes(large);
        store.put(in(Azurite.ACCOUNT, "src/small"), small);
        store.upload(in(Azurite.ACCOUNT, "src/large"), new ByteArrayInputStream(large), large.length);
        try (AzureBlobObjectStore fresh = azurite.newStore(c -> c.singleCopyThreshold(MIB).blockSize(MIB))) {
            StoreStats before = fresh.stats();

            fresh.copy(CopyRequest.builder(in(Azurite.ACCOUNT, "src/small"), in(Azurite.OTHER_ACCOUNT, "dst/small")).expectedSize(small.length).build());
            fresh.copy(CopyRequest.builder(in(Azurite.ACCOUNT, "src/large"), in(Azurite.OTHER_ACCOUNT, "dst/large")).expectedSize(large.length).build());

            assertThat(fresh.stats().minus(before).callsByType()).as("one delegation key for both sources")
                    .isEqualTo(Map.of("GetUserDelegationKey", 1L, "CopyBlobFromUrl", 1L, "GetBlobProperties", 1L,
                            "PutBlockFromUrl", 3L, "PutBlockList", 1L));
            assertThat(fresh.get(in(Azurite.OTHER_ACCOUNT, "dst/small"))).hasValue(small);
            assertThat(fresh.get(in(Azurite.OTHER_ACCOUNT, "dst/large"))).hasValue(large);
        }
    }

    @Test
    void refusesRequestsWithoutAValidToken() {
        Location doc = in(Azurite.ACCOUNT, "private");
        store.put(doc, new byte[1]);
        try (AzureBlobObjectStore noToken = azurite.newStore(c -> c.maxAttempts(1).credential(request ->
                reactor.core.publisher.Mono.just(new com.azure.core.credential.AccessToken("not-a-jwt",
                        java.time.OffsetDateTime.now().plusHours(1)))))) {
            assertThatThrownBy(() -> noToken.get(doc)).isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> {
                try (var listing = noToken.list(in(Azurite.ACCOUNT, ""), null)) {
                    listing.toList();
                }
            }).isInstanceOf(UnauthorizedException.class);
        }
    }
}

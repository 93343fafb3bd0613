package org.lakefsbackup.core.store.azure.internal;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-only SAS URLs for copy sources, so Azure can read a source in any account, as it requires for copies across
 * accounts (and real Azure for every Copy Blob From URL): a service SAS signed with the account key, or a
 * user-delegation SAS signed with a key obtained with the identity's token (one Get User Delegation Key request per
 * account and day). The SAS starts five minutes back to tolerate clock skew. Thread-safe.
 */
public final class SourceSas {
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Duration MAX_DELEGATION = Duration.ofDays(7).minusHours(1);

    private final Duration validity;
    private final Map<String, UserDelegationKey> delegationKeys = new ConcurrentHashMap<>();

    /** @param validity how long each SAS stays valid (at most 7 days less a day, a user-delegation key's life) */
    public SourceSas(Duration validity) {
        if (validity.compareTo(MAX_DELEGATION.minusDays(1)) > 0) {
            throw new IllegalArgumentException("a source SAS can be valid for at most 6 days less an hour: " + validity);
        }
        this.validity = validity;
    }

    /**
     * The blob's URL with a read-only SAS.
     *
     * @param service  the client of the blob's account, for user-delegation keys
     * @param sharedKey whether the clients of that account sign with its shared key
     */
    public String readUrl(BlobClient blob, BlobServiceClient service, boolean sharedKey) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(now.plus(validity),
                new BlobSasPermission().setReadPermission(true)).setStartTime(now.minus(SKEW));
        String sas = sharedKey ? blob.generateSas(values)
                : blob.generateUserDelegationSas(values, delegationKey(service, now));
        return blob.getBlobUrl() + "?" + sas;
    }

    private UserDelegationKey delegationKey(BlobServiceClient service, OffsetDateTime now) {
        return delegationKeys.compute(service.getAccountName(), (account, key) -> {
            if (key != null && key.getSignedExpiry().isAfter(now.plus(validity).plus(SKEW))) {
                return key;
            }
            Duration life = validity.plusDays(1).compareTo(MAX_DELEGATION) > 0 ? MAX_DELEGATION : validity.plusDays(1);
            return service.getUserDelegationKey(now.minus(SKEW), now.plus(life));
        });
    }
}

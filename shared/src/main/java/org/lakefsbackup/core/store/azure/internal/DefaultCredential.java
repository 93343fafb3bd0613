package org.lakefsbackup.core.store.azure.internal;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;

/**
 * azure-identity's default credential chain (environment, workload identity, managed identity, Azure CLI...). Kept
 * apart so the store's classes load without azure-identity on the class path when every account has a key.
 */
public final class DefaultCredential {
    private DefaultCredential() {
    }

    public static TokenCredential create() {
        return new DefaultAzureCredentialBuilder().build();
    }
}

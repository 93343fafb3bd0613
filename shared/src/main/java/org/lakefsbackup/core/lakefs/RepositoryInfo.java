package org.lakefsbackup.core.lakefs;

import java.util.Objects;

/** A lakeFS repository record. {@code storageId} is empty on single-store servers. */
public record RepositoryInfo(String name, String storageNamespace, String defaultBranch, String storageId,
                             boolean readOnly, long creationDate) {
    public RepositoryInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(storageNamespace, "storageNamespace");
        Objects.requireNonNull(defaultBranch, "defaultBranch");
        storageId = storageId == null ? "" : storageId;
    }
}

package org.lakefsbackup.azure.durable;

import java.io.InputStream;
import java.util.Arrays;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.testkit.store.ForwardingObjectStore;

/**
 * The RBAC conditions of {@code infra/azure/main.bicep}, enforced on a store the way Azure Storage enforces them
 * (403, which the Blob store reports as UNAUTHORIZED), so the scenarios prove which steps run on which identity.
 * <ul>
 * <li>{@link #functionIdentity}: the Function App's identity deletes only run scratch ({@code _runs/});</li>
 * <li>{@link #maintenanceIdentity}: the maintenance identity writes only run scratch (and deletes elsewhere).</li>
 * </ul>
 */
final class RbacConditions {
    private RbacConditions() {
    }

    static ObjectStore functionIdentity(ObjectStore store) {
        return new ForwardingObjectStore(store) {
            @Override
            public void delete(Location location) {
                requireScratch(location, "delete");
                super.delete(location);
            }
        };
    }

    static ObjectStore maintenanceIdentity(ObjectStore store) {
        return new ForwardingObjectStore(store) {
            @Override
            public boolean putIfAbsent(Location location, byte[] content) {
                requireScratch(location, "write");
                return super.putIfAbsent(location, content);
            }

            @Override
            public boolean replaceIfMatch(Location location, byte[] content, String etag) {
                requireScratch(location, "write");
                return super.replaceIfMatch(location, content, etag);
            }

            @Override
            public void put(Location location, byte[] content) {
                requireScratch(location, "write");
                super.put(location, content);
            }

            @Override
            public void upload(Location location, InputStream content, long length) {
                requireScratch(location, "write");
                super.upload(location, content, length);
            }

            @Override
            public CopyResult copy(CopyRequest request) {
                requireScratch(request.target(), "write");
                return super.copy(request);
            }
        };
    }

    private static void requireScratch(Location location, String action) {
        if (!Arrays.asList(location.key().split("/")).contains(BackupLayout.SCRATCH)) {
            throw ErrorCode.UNAUTHORIZED.exception("this identity's role condition does not allow it to " + action
                    + " " + location);
        }
    }
}

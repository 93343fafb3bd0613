package org.lakefsbackup.testkit.workflow;

import java.util.function.Predicate;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.testkit.store.ForwardingObjectStore;

/** A store whose copies of chosen keys fail for good (access denied), as a broken object or a missing grant would. */
public final class FaultyStore extends ForwardingObjectStore {
    private volatile Predicate<String> failing = key -> false;

    public FaultyStore(ObjectStore delegate) {
        super(delegate);
    }

    /** Copies whose source key matches fail from now on with UNAUTHORIZED; {@code key -> false} heals the store. */
    public void failCopies(Predicate<String> sourceKeys) {
        failing = sourceKeys;
    }

    @Override
    public CopyResult copy(CopyRequest request) {
        if (failing.test(request.source().key())) {
            throw ErrorCode.UNAUTHORIZED.exception("access denied to " + request.source() + " (injected)");
        }
        return super.copy(request);
    }
}

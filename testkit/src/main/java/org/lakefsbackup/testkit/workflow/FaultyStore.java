package org.lakefsbackup.testkit.workflow;

import java.util.function.Predicate;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.testkit.store.ForwardingObjectStore;

/**
 * A store whose copies of chosen keys fail for good (access denied), as a broken object or a missing grant would, and
 * whose reads of chosen keys return the content without its last byte, as a damaged object would.
 */
public final class FaultyStore extends ForwardingObjectStore {
    private volatile Predicate<String> failing = key -> false;
    private volatile Predicate<String> truncating = key -> false;

    public FaultyStore(ObjectStore delegate) {
        super(delegate);
    }

    /** Copies whose source key matches fail from now on with UNAUTHORIZED; {@code key -> false} heals the store. */
    public void failCopies(Predicate<String> sourceKeys) {
        failing = sourceKeys;
    }

    /** Reads of objects whose key matches return one byte less from now on; {@code key -> false} heals the store. */
    public void truncateReads(Predicate<String> keys) {
        truncating = keys;
    }

    @Override
    public java.io.InputStream open(org.lakefsbackup.core.store.Location location) {
        java.io.InputStream in = super.open(location);
        if (!truncating.test(location.key())) {
            return in;
        }
        try (in) {
            byte[] all = in.readAllBytes();
            return new java.io.ByteArrayInputStream(all, 0, Math.max(0, all.length - 1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public CopyResult copy(CopyRequest request) {
        if (failing.test(request.source().key())) {
            throw ErrorCode.UNAUTHORIZED.exception("access denied to " + request.source() + " (injected)");
        }
        return super.copy(request);
    }
}

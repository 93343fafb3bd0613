package org.lakefsbackup.testkit.store;

import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;

/** An object store that delegates everything; tests override what they break (faults, interruptions). */
public class ForwardingObjectStore implements ObjectStore {
    private final ObjectStore delegate;

    public ForwardingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean supports(Location location) {
        return delegate.supports(location);
    }

    @Override
    public Stream<ObjectInfo> list(Location prefix, String startAfter) {
        return delegate.list(prefix, startAfter);
    }

    @Override
    public Optional<ObjectInfo> head(Location location) {
        return delegate.head(location);
    }

    @Override
    public Optional<byte[]> get(Location location) {
        return delegate.get(location);
    }

    @Override
    public Optional<Versioned> getVersioned(Location location) {
        return delegate.getVersioned(location);
    }

    @Override
    public boolean replaceIfMatch(Location location, byte[] content, String etag) {
        return delegate.replaceIfMatch(location, content, etag);
    }

    @Override
    public InputStream open(Location location) {
        return delegate.open(location);
    }

    @Override
    public boolean putIfAbsent(Location location, byte[] content) {
        return delegate.putIfAbsent(location, content);
    }

    @Override
    public void put(Location location, byte[] content) {
        delegate.put(location, content);
    }

    @Override
    public void upload(Location location, InputStream content, long length) {
        delegate.upload(location, content, length);
    }

    @Override
    public CopyResult copy(CopyRequest request) {
        return delegate.copy(request);
    }

    @Override
    public void delete(Location location) {
        delegate.delete(location);
    }

    @Override
    public long throttledAnswers() {
        return delegate.throttledAnswers();
    }
}

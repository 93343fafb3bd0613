package org.lakefsbackup.core.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes every byte read to a {@link ChecksumCalculator}. */
final class ChecksummingInputStream extends FilterInputStream {
    private final ChecksumCalculator checksum;

    ChecksummingInputStream(InputStream in, ChecksumCalculator checksum) {
        super(in);
        this.checksum = checksum;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            checksum.update(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            checksum.update(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a checksummed stream cannot skip");
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}

package org.lakefsbackup.core.store.internal;

import java.util.zip.Checksum;

/**
 * CRC-64/NVME (the {@code x-amz-checksum-crc64nvme} of S3): reflected polynomial {@code 0x9A6C9329AC4BC9B5}, initial
 * value and final XOR all ones. The JDK has no CRC-64 and the AWS SDK computes this one only with the CRT native
 * library; this is the plain table-driven algorithm, eight bytes per step ("slicing-by-8"). Not thread-safe.
 */
public final class Crc64Nvme implements Checksum {
    private static final long POLY = 0x9A6C9329AC4BC9B5L;
    private static final long[][] TABLE = new long[8][256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            TABLE[0][i] = crc;
        }
        for (int i = 0; i < 256; i++) {
            for (int t = 1; t < 8; t++) {
                long prev = TABLE[t - 1][i];
                TABLE[t][i] = (prev >>> 8) ^ TABLE[0][(int) (prev & 0xFF)];
            }
        }
    }

    private long crc = ~0L;

    @Override
    public void update(int b) {
        crc = (crc >>> 8) ^ TABLE[0][(int) ((crc ^ b) & 0xFF)];
    }

    @Override
    public void update(byte[] b, int off, int len) {
        long c = crc;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            long word = (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
                    | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48
                    | (b[i + 7] & 0xFFL) << 56;
            c ^= word;
            c = TABLE[7][(int) (c & 0xFF)] ^ TABLE[6][(int) ((c >>> 8) & 0xFF)]
                    ^ TABLE[5][(int) ((c >>> 16) & 0xFF)] ^ TABLE[4][(int) ((c >>> 24) & 0xFF)]
                    ^ TABLE[3][(int) ((c >>> 32) & 0xFF)] ^ TABLE[2][(int) ((c >>> 40) & 0xFF)]
                    ^ TABLE[1][(int) ((c >>> 48) & 0xFF)] ^ TABLE[0][(int) (c >>> 56)];
        }
        for (; i < end; i++) {
            c = (c >>> 8) ^ TABLE[0][(int) ((c ^ b[i]) & 0xFF)];
        }
        crc = c;
    }

    @Override
    public long getValue() {
        return ~crc;
    }

    @Override
    public void reset() {
        crc = ~0L;
    }
}

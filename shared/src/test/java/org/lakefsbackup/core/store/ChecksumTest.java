package org.lakefsbackup.core.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.InvalidManifestException;
import org.lakefsbackup.core.store.ContentIdentity.Verdict;
import org.lakefsbackup.core.store.internal.Crc64Nvme;

class ChecksumTest {
    static Checksum of(ChecksumAlgorithm algorithm, byte[] content) {
        ChecksumCalculator c = algorithm.calculator();
        c.update(content, 0, content.length);
        return c.finish();
    }

    @Test
    void crc64NvmeHasTheCatalogueCheckValue() {
        Crc64Nvme crc = new Crc64Nvme();
        byte[] check = "123456789".getBytes(UTF_8);
        crc.update(check, 0, check.length);
        assertThat(crc.getValue()).isEqualTo(0xAE8B14860A799888L);
        crc.reset();
        for (byte b : check) {
            crc.update(b);
        }
        assertThat(crc.getValue()).as("byte by byte").isEqualTo(0xAE8B14860A799888L);
    }

    @Test
    void crc64NvmeGivesTheSameValueWhateverTheSlicing() {
        byte[] content = new byte[10_007];
        new Random(1).nextBytes(content);
        Crc64Nvme whole = new Crc64Nvme();
        whole.update(content, 0, content.length);
        Crc64Nvme pieces = new Crc64Nvme();
        for (int off = 0; off < content.length; off += 13) {
            pieces.update(content, off, Math.min(13, content.length - off));
        }
        assertThat(pieces.getValue()).isEqualTo(whole.getValue());
    }

    @Test
    void checksumsAreTheBase64OfTheBigEndianDigestAsS3ReportsThem() {
        byte[] hello = "hello".getBytes(UTF_8);
        // values as S3 reports them for the object "hello" (x-amz-checksum-*)
        assertThat(of(ChecksumAlgorithm.CRC32, hello)).hasToString("crc32:NhCmhg==");
        assertThat(of(ChecksumAlgorithm.CRC32C, hello)).hasToString("crc32c:mnG7TA==");
        assertThat(of(ChecksumAlgorithm.SHA256, hello))
                .hasToString("sha256:LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=");
        assertThat(of(ChecksumAlgorithm.MD5, hello)).isEqualTo(Checksum.md5Hex("5d41402abc4b2a76b9719d911017c592"));
        assertThat(of(ChecksumAlgorithm.CRC64NVME, new byte[0])).hasToString("crc64nvme:AAAAAAAAAAA=");
    }

    @Test
    void parsesWhatItWritesAndRejectsMalformedChecksums() {
        Checksum c = Checksum.parse("crc64nvme:J8x3aVI2W7I=");
        assertThat(c.algorithm()).isEqualTo(ChecksumAlgorithm.CRC64NVME);
        assertThat(Checksum.parse(c.toString())).isEqualTo(c);
        assertThat(Checksum.parse(null)).isNull();
        Checksum composite = Checksum.parse("sha256:LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=-3");
        assertThat(composite.composite()).isTrue();
        assertThatThrownBy(composite::digest).isInstanceOf(IllegalStateException.class);
        for (String bad : List.of("crc32", "whirlpool:AAAA", "crc32:not base64!", "crc32:AAAAAAAA", "sha256:AA==-x")) {
            assertThatThrownBy(() -> Checksum.parse(bad)).as(bad).isInstanceOf(InvalidManifestException.class);
        }
    }

    @Test
    void comparesOnlyChecksumsOfOneAlgorithmAndKind() {
        Checksum crcA = of(ChecksumAlgorithm.CRC64NVME, new byte[] {1});
        Checksum crcB = of(ChecksumAlgorithm.CRC64NVME, new byte[] {2});
        Checksum md5 = of(ChecksumAlgorithm.MD5, new byte[] {1});
        Checksum composite = new Checksum(ChecksumAlgorithm.CRC64NVME, crcA.value() + "-2");
        assertThat(ContentIdentity.compare(List.of(crcA), List.of(crcA, md5))).isEqualTo(Verdict.SAME);
        assertThat(ContentIdentity.compare(List.of(crcA), List.of(crcB))).isEqualTo(Verdict.DIFFERENT);
        assertThat(ContentIdentity.compare(List.of(crcA), List.of(md5))).isEqualTo(Verdict.UNKNOWN);
        assertThat(ContentIdentity.compare(List.of(crcA), List.of(composite))).isEqualTo(Verdict.UNKNOWN);
        assertThat(ContentIdentity.compare(List.of(), List.of(crcA))).isEqualTo(Verdict.UNKNOWN);
        assertThat(ContentIdentity.compare(List.of(crcA, md5), List.of(crcA, of(ChecksumAlgorithm.MD5,
                new byte[] {9})))).as("one differing pair decides").isEqualTo(Verdict.DIFFERENT);
    }

    @Test
    void anEtagCountsAsAChecksumOnlyWhereTheStoreSaysItIsAnMd5() {
        String etag = "5d41402abc4b2a76b9719d911017c592";
        assertThat(new ObjectInfo("k", 5, "\"" + etag + "\"", (Checksum) null, null, true).checksums())
                .containsExactly(Checksum.md5Hex(etag));
        assertThat(new ObjectInfo("k", 5, etag, (String) null, null).checksums()).as("a listing's ETag").isEmpty();
        assertThat(new CopyResult(etag, null, false).checksums()).isEmpty();
        assertThatThrownBy(() -> new ObjectInfo("k", 5, "abc-2", (Checksum) null, null, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

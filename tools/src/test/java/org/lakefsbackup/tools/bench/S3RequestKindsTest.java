package org.lakefsbackup.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The peer benchmark's request counts come from this classification of path-style requests. */
class S3RequestKindsTest {

    private static String kind(String method, String target, boolean copySource) {
        return S3RequestKinds.classify(method, target, h -> copySource && h.equalsIgnoreCase("x-amz-copy-source")
                ? "/src/k" : null);
    }

    @Test
    void namesTheOperationOfEachRequest() {
        assertThat(kind("PUT", "/dst/a/b", true)).isEqualTo("CopyObject");
        assertThat(kind("PUT", "/dst/a/b", false)).isEqualTo("PutObject");
        assertThat(kind("PUT", "/dst/a?partNumber=2&uploadId=u", true)).isEqualTo("UploadPartCopy");
        assertThat(kind("PUT", "/dst", false)).isEqualTo("CreateBucket");
        assertThat(kind("GET", "/src?list-type=2&prefix=x", false)).isEqualTo("ListObjectsV2");
        assertThat(kind("GET", "/src/?delimiter=%2F&prefix=x", false)).isEqualTo("ListObjects");
        assertThat(kind("GET", "/src/a/b", false)).isEqualTo("GetObject");
        assertThat(kind("HEAD", "/src/a", false)).isEqualTo("HeadObject");
        assertThat(kind("POST", "/dst?delete", false)).isEqualTo("DeleteObjects");
        assertThat(kind("POST", "/dst/a?uploads", false)).isEqualTo("CreateMultipartUpload");
        assertThat(kind("POST", "/dst/a?uploadId=u", false)).isEqualTo("CompleteMultipartUpload");
        assertThat(kind("DELETE", "/dst/a?uploadId=u", false)).isEqualTo("AbortMultipartUpload");
        assertThat(kind("DELETE", "/dst/a", false)).isEqualTo("DeleteObject");
    }

    @Test
    void countsUntilReset() {
        S3RequestKinds kinds = new S3RequestKinds();
        kinds.count("PUT", "/dst/a", h -> h.equalsIgnoreCase("x-amz-copy-source") ? "/src/a" : null);
        kinds.count("PUT", "/dst/b", h -> h.equalsIgnoreCase("x-amz-copy-source") ? "/src/b" : null);
        kinds.count("HEAD", "/src/a", h -> null);
        assertThat(kinds.snapshot()).isEqualTo(Map.of("CopyObject", 2L, "HeadObject", 1L));
        kinds.reset();
        assertThat(kinds.snapshot()).isEmpty();
    }

    @Test
    void generatedKeysAreShapedLikeLakeFsAndReadBack() {
        assertThat(PeerBench.key(12_345)).isEqualTo("data/g8999999999999999988/c0000000000000012345");
        // as in lakeFS, objects added later sort first: a later partition before an earlier one
        assertThat(PeerBench.key(1_000)).isLessThan(PeerBench.key(999));
        assertThat(PeerBench.key(1_001)).isGreaterThan(PeerBench.key(1_000));
        assertThat(PeerBench.generatedIndex("bench-repo/" + PeerBench.key(12_345))).isEqualTo(12_345);
        assertThat(PeerBench.generatedIndex("bench-repo/_lakefs/refs.json")).isEqualTo(-1);
    }
}

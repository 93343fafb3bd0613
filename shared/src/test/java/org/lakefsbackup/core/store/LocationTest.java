package org.lakefsbackup.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lakefsbackup.core.error.InvalidInputException;

class LocationTest {

    @Test
    void parsesS3WithAndWithoutPrefix() {
        Location l = Location.parse("s3://my-bucket/some/prefix/");
        assertThat(l.scheme()).isEqualTo(Location.Scheme.S3);
        assertThat(l.authority()).isEqualTo("my-bucket");
        assertThat(l.key()).isEqualTo("some/prefix");
        assertThat(l.toString()).isEqualTo("s3://my-bucket/some/prefix");
        assertThat(Location.parse("s3://my-bucket").key()).isEmpty();
    }

    @Test
    void parsesAzureBlobNamespaces() {
        Location l = Location.parse("https://myaccount.blob.core.windows.net/mycontainer/repo/a");
        assertThat(l.scheme()).isEqualTo(Location.Scheme.AZURE_BLOB);
        assertThat(l.authority()).isEqualTo("myaccount.blob.core.windows.net");
        assertThat(l.container()).isEqualTo("mycontainer");
        assertThat(l.key()).isEqualTo("repo/a");
        assertThat(l.toString()).isEqualTo("https://myaccount.blob.core.windows.net/mycontainer/repo/a");
    }

    @Test
    void parsesLocalAndFileLocations() {
        assertThat(Location.parse("local://repos/r1").key()).isEqualTo("repos/r1");
        assertThat(Location.parse("file:///var/backups/lakefs").key()).isEqualTo("var/backups/lakefs");
        assertThat(Location.parse("file:///var/backups/lakefs").toString()).isEqualTo("file:///var/backups/lakefs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abfss://c@acct.dfs.core.windows.net/x", "wasbs://c@acct.blob.core.windows.net/x",
            "https://acct.dfs.core.windows.net/c", "gs://bucket/x", "/tmp/x", "s3://", "s3://B/x", "file://relative/x",
            "local://", "s3://bucket/a/../b", "https://example.com/c", "ftp://host/x"})
    void rejectsWhatIsNotANamespaceOrBackupLocation(String uri) {
        assertThatThrownBy(() -> Location.parse(uri)).isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void explainsWhyHadoopAzureUrisAreRejected() {
        assertThatThrownBy(() -> Location.parse("abfss://c@acct.dfs.core.windows.net/x"))
                .hasMessageContaining("not a lakeFS storage namespace")
                .hasMessageContaining("blob.core.windows.net");
    }

    @Test
    void resolvesRelativizesAndDetectsOverlap() {
        Location root = Location.parse("s3://bkt/backups");
        Location child = root.resolve("repo/objects/data/x");
        assertThat(child.toString()).isEqualTo("s3://bkt/backups/repo/objects/data/x");
        assertThat(root.relativize(child)).isEqualTo("repo/objects/data/x");
        assertThat(root.overlaps(Location.parse("s3://bkt/backups/repo"))).isTrue();
        assertThat(root.overlaps(Location.parse("s3://bkt/backups-other"))).isFalse();
        assertThat(root.overlaps(Location.parse("s3://bkt"))).isTrue();
        assertThat(root.overlaps(Location.parse("s3://ckt/backups"))).isFalse();
    }

    @Test
    void keyOrderIsCodePointOrder() {
        assertThat(KeyOrder.compare("a-c", "a/b")).isNegative();
        String supplementary = new String(Character.toChars(0x1F600));
        assertThat(KeyOrder.compare(supplementary, "\uFFFD")).isPositive();
        assertThat(supplementary.compareTo("\uFFFD")).isNegative();
    }
}

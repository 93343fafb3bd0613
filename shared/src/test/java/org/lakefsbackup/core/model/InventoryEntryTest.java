package org.lakefsbackup.core.model;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.Checksum;

class InventoryEntryTest {
    @Test
    void readsInventoryLinesWrittenBeforeChecksumsWereRecorded() {
        InventoryEntry old = Json.read(("{\"k\":\"data/a\",\"s\":12,\"e\":\"9e107d9d372bb6826bd81d3542a419d6\","
                + "\"b\":\"objects/data/a\"}").getBytes(UTF_8), InventoryEntry.class, ErrorCode.INVALID_MANIFEST, "line");
        assertThat(old).isEqualTo(new InventoryEntry("data/a", 12, "9e107d9d372bb6826bd81d3542a419d6",
                "objects/data/a"));
        assertThat(old.checksum()).isNull();
        assertThat(old.storedEtag()).isNull();
    }

    @Test
    void writesTheChecksumAndEtagOfTheBackupsCopyAsShortFields() throws Exception {
        InventoryEntry e = new InventoryEntry("data/a", 12, "e1", "objects/data/a")
                .withCopy(Checksum.parse("crc64nvme:J8x3aVI2W7I="), "t1");
        String json = Json.mapper().writeValueAsString(e); // as inventory lines are written
        assertThat(json).isEqualTo("{\"k\":\"data/a\",\"s\":12,\"e\":\"e1\",\"b\":\"objects/data/a\","
                + "\"c\":\"crc64nvme:J8x3aVI2W7I=\",\"t\":\"t1\"}");
        assertThat(Json.read(json.getBytes(UTF_8), InventoryEntry.class, ErrorCode.INVALID_MANIFEST, "line")).isEqualTo(e);
    }
}

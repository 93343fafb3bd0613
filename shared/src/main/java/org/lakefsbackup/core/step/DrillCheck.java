package org.lakefsbackup.core.step;

import java.util.List;

/**
 * The drill's read-back of a sample of the restored objects from its temporary namespace.
 *
 * @param sampled     objects read back whole
 * @param checksummed of these, objects compared by the checksum the backup recorded (the others by size: no
 *                    checksum recorded, or a composite one of a multipart copy, which cannot be recomputed)
 * @param mismatched  objects whose size or checksum differs, or which could not be read
 * @param problems    the first of those (at most 20)
 */
public record DrillCheck(int sampled, int checksummed, int mismatched, List<String> problems) {
    public DrillCheck {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public boolean ok() {
        return mismatched == 0;
    }
}

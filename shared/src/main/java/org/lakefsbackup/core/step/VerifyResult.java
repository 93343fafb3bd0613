package org.lakefsbackup.core.step;

import java.util.List;

/**
 * The outcome of verifying a generation's objects in the backup store. {@code problems} names at most 100 keys.
 */
public record VerifyResult(String generation, long checked, long missing, long mismatched, List<String> problems) {
    public VerifyResult {
        problems = List.copyOf(problems.size() > 100 ? problems.subList(0, 100) : problems);
    }

    public boolean ok() {
        return missing == 0 && mismatched == 0;
    }
}

package org.lakefsbackup.core.step;

import java.util.List;

/** Input of {@code finish-rolling-verify}: every target's entry and the repositories the plan left out. */
public record RollingVerifyFinish(List<RollingVerifyEntry> entries, List<String> skipped) {
    public RollingVerifyFinish {
        entries = entries == null ? List.of() : List.copyOf(entries);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }
}

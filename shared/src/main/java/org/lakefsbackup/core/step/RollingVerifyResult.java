package org.lakefsbackup.core.step;

import java.util.List;

/**
 * The result of a rolling verification run that found nothing wrong (a run that did fails with
 * VERIFICATION_FAILED naming the keys).
 *
 * @param entries what it found per repository
 * @param skipped the repositories it left out, with the reason
 * @param checked inventory entries checked by listing, over all repositories
 * @param read    objects read back and compared by checksum, over all repositories
 */
public record RollingVerifyResult(List<RollingVerifyEntry> entries, List<String> skipped, long checked, long read) {
    public RollingVerifyResult {
        entries = List.copyOf(entries);
        skipped = List.copyOf(skipped);
    }
}

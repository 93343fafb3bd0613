package org.lakefsbackup.core.step;

/**
 * What cleaning up after a failed restore did.
 *
 * @param deletedBareRepository the run had created the target and it was still bare, so it was deleted
 * @param leftInPlace           what was left for a re-run to finish, or {@code null} when nothing was
 */
public record CleanupResult(String targetRepository, boolean deletedBareRepository, String leftInPlace) {
}

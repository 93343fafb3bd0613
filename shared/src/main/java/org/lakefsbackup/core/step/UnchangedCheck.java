package org.lakefsbackup.core.step;

/**
 * What the check-unchanged step found.
 *
 * @param done      the comparison reached a verdict (otherwise: call again with {@code resume})
 * @param unchanged (when done) the namespace equals the previous generation's inventory: the run recorded a
 *                  still-current mark, removed its scratch and released its lease; {@code result} names the generation
 * @param compared  namespace objects compared so far
 * @param run       the run, while it goes on (not done, or changed: it dumps, plans, copies); {@code null} once
 *                  unchanged, when it holds no lease any more
 * @param result    (when unchanged) the still-current generation
 */
public record UnchangedCheck(boolean done, boolean unchanged, long compared, RunRef run, GenerationResult result)
        implements RunScoped {
    public UnchangedCheck {
        if (unchanged != (result != null) || unchanged == (run != null) || (unchanged && !done)) {
            throw new IllegalArgumentException("an unchanged check has a result, and no run, exactly when unchanged");
        }
    }
}

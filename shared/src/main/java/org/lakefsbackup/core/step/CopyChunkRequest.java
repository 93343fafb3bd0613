package org.lakefsbackup.core.step;

import java.util.Objects;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * Input of the copy step: the plan, the chunk to copy (a fan-out item) and the run it belongs to ({@code null} when
 * copying outside a run).
 */
public record CopyChunkRequest(CopyPlan plan, int chunk, RunRef run) implements RunScoped {
    public CopyChunkRequest {
        Objects.requireNonNull(plan, "plan");
        if (chunk < 0 || chunk >= plan.chunks()) {
            throw ErrorCode.INVALID_INPUT.exception("chunk " + chunk + " is outside the plan (" + plan.chunks()
                    + " chunks)");
        }
    }

    public CopyChunkRequest(CopyPlan plan, int chunk) {
        this(plan, chunk, null);
    }
}

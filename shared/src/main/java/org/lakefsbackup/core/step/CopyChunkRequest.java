package org.lakefsbackup.core.step;

import java.util.Objects;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.error.ErrorCode;

/** Input of the copy step: the plan and the chunk to copy (a Distributed Map item). */
public record CopyChunkRequest(CopyPlan plan, int chunk) {
    public CopyChunkRequest {
        Objects.requireNonNull(plan, "plan");
        if (chunk < 0 || chunk >= plan.chunks()) {
            throw ErrorCode.INVALID_INPUT.exception("chunk " + chunk + " is outside the plan (" + plan.chunks()
                    + " chunks)");
        }
    }
}

package org.lakefsbackup.core.step;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.model.Json;

/**
 * Input of the {@code commit-generation} step: the run, and what the plan and verify steps returned, so the commit
 * does not read them back from the run's scratch. Both are bounded whatever N (the plan's totals and counts; at most
 * 100 problems). {@code null}: read from the scratch ({@code plan.json}, {@code verify.json}), as for a run whose
 * generation was committed before (the workflow only returns it).
 *
 * @param run      the run
 * @param plan     the finished copy plan, or {@code null}
 * @param verified the finished verification, or {@code null}
 */
public record CommitRequest(RunRef run, CopyPlan plan, VerifyResult verified) implements RunScoped {
    public CommitRequest {
        Objects.requireNonNull(run, "run");
    }

    /** A commit that reads the plan and the verification from the run's scratch. */
    public CommitRequest(RunRef run) {
        this(run, null, null);
    }

    /**
     * Reads {@code {"run": ..., "plan": ..., "verified": ...}}, or a bare run reference: the input an earlier
     * version's workflow gave this step.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CommitRequest of(JsonNode json) throws JsonProcessingException {
        var mapper = Json.mapper();
        if (!json.has("run")) {
            return new CommitRequest(mapper.treeToValue(json, RunRef.class));
        }
        return new CommitRequest(mapper.treeToValue(json.get("run"), RunRef.class),
                json.hasNonNull("plan") ? mapper.treeToValue(json.get("plan"), CopyPlan.class) : null,
                json.hasNonNull("verified") ? mapper.treeToValue(json.get("verified"), VerifyResult.class) : null);
    }
}

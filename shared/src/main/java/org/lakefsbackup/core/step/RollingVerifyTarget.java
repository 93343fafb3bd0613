package org.lakefsbackup.core.step;

import java.util.List;
import java.util.Objects;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * One repository's part of a rolling verification run: which generation it reads and which subset.
 *
 * @param backup     the backup location
 * @param repository the backed-up repository
 * @param generation the latest committed generation when the run was planned
 * @param generations every generation kept then (committed, not forgotten), oldest first, {@code generation} last:
 *                   the union of their inventories is read, each backed-up object once
 * @param subset     the subset of its objects read back, {@code n/t}
 * @param runId      the run
 */
public record RollingVerifyTarget(String backup, String repository, String generation, List<String> generations,
                                  DataSubset subset, String runId) {
    public RollingVerifyTarget {
        Location.parse(backup);
        RepositoryName.require(repository);
        new GenerationId(generation);
        generations = generations == null || generations.isEmpty() ? List.of(generation) : List.copyOf(generations);
        generations.forEach(GenerationId::new);
        if (!generations.get(generations.size() - 1).equals(generation)) {
            throw new IllegalArgumentException("the latest generation comes last in generations");
        }
        Objects.requireNonNull(subset, "subset");
        RunRef.requireId("run id", runId);
    }
}

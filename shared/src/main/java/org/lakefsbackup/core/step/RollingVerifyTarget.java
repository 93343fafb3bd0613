package org.lakefsbackup.core.step;

import java.util.Objects;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * One repository's part of a rolling verification run: which generation it reads and which subset.
 *
 * @param backup     the backup location
 * @param repository the backed-up repository
 * @param generation the generation read (the latest committed one when the run was planned)
 * @param subset     the subset of its objects read back, {@code n/t}
 * @param runId      the run
 */
public record RollingVerifyTarget(String backup, String repository, String generation, DataSubset subset,
                                  String runId) {
    public RollingVerifyTarget {
        Location.parse(backup);
        RepositoryName.require(repository);
        new GenerationId(generation);
        Objects.requireNonNull(subset, "subset");
        RunRef.requireId("run id", runId);
    }
}

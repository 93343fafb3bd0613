package org.lakefsbackup.core.step;

import java.util.Objects;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Manifest;

/**
 * The repository's latest committed generation, as the backup's prepare step found it, so that later steps need not
 * read it again.
 *
 * @param generation its id
 * @param inventory  its inventory: what the backup holds of the namespace it was backed up from
 * @param sameRefs   its manifest records exactly what prepare read now: the repository (namespace, default branch,
 *                   storage id, read-only flag), every branch head with its hidden flag, every tag, the protection
 *                   rules, the metadata, the branches with uncommitted changes, the lakeFS version; and its dump was
 *                   consistent. Only then is the generation a candidate for a still-current mark, decided by
 *                   comparing the namespace with {@code inventory}
 * @param branches   its branch count, for the result of a run that marks it still current
 * @param tags       its tag count
 * @param commits    its commit count
 * @param warnings   its warnings, repeated in the result of a run that marks it still current
 */
public record PreviousGeneration(String generation, Manifest.InventoryRef inventory, boolean sameRefs, int branches,
                                 int tags, long commits, java.util.List<String> warnings) {
    public PreviousGeneration {
        new GenerationId(generation);
        Objects.requireNonNull(inventory, "inventory");
        warnings = java.util.List.copyOf(warnings);
    }

    /** This generation, no longer a candidate for a still-current mark (the run changed the refs). */
    PreviousGeneration changed() {
        return new PreviousGeneration(generation, inventory, false, branches, tags, commits, warnings);
    }

    /** What a run needs of generation {@code m}, which equals what prepare read when {@code sameRefs}. */
    static PreviousGeneration of(Manifest m, boolean sameRefs) {
        return new PreviousGeneration(m.generation(), m.inventory(), sameRefs, m.branches().size(), m.tags().size(),
                m.commitCount(), m.warnings());
    }
}

package org.lakefsbackup.core.step;

import java.util.ArrayList;
import java.util.List;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.retention.RetentionPolicy;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;

/**
 * Which repositories' backups a prune-all run covers: those named, or every repository held at the location that has
 * a committed generation; each with its policy.
 */
final class BackupsSelection {
    private BackupsSelection() {
    }

    static PruneAllPlan plan(Storage storage, PruneAllRequest request) {
        Location backup = Location.parse(request.backup());
        Generations generations = new Generations(storage);
        List<String> names = request.repositories().isEmpty() ? generations.repositories(backup)
                : request.repositories();
        List<String> selected = new ArrayList<>();
        List<PruneRequest> prunes = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String name : names) {
            RetentionPolicy policy = request.policyOf(name);
            if (policy == null && !request.prune()) {
                skipped.add(name + ": no policy names it");
            } else if (request.repositories().isEmpty()
                    && generations.list(new BackupLayout(backup, name)).isEmpty()) {
                skipped.add(name + ": no committed generation");
            } else {
                selected.add(name);
                prunes.add(new PruneRequest(request.backup(), name, policy, request.prune(), request.dryRun(), false,
                        null));
            }
        }
        return new PruneAllPlan(selected, prunes, skipped);
    }
}

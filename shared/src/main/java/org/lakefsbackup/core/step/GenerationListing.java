package org.lakefsbackup.core.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;

/**
 * The list-generations step (with each generation's newest still-current mark): what the CLI's {@code list} prints and what an operator reads in a cloud console
 * (the AWS function's test tab, {@code aws lambda invoke}) to pick the generation of a restore. Reads only the
 * backup location.
 */
public final class GenerationListing {
    private GenerationListing() {
    }

    /** The generations; NOT_FOUND (with the likely mistake) when the location holds none of the request's. */
    public static GenerationList list(Storage storage, ListGenerationsRequest request) {
        Location root = Location.parse(request.backup());
        Generations generations = new Generations(storage);
        List<String> repositories = request.repository() != null ? List.of(request.repository())
                : generations.repositories(root);
        List<GenerationList.Entry> entries = new ArrayList<>();
        for (String repo : repositories) {
            BackupLayout layout = new BackupLayout(root, repo);
            Map<String, DrillHistory.Summary> drills = new DrillHistory(storage).summaries(layout);
            for (Generations.Entry g : generations.history(layout)) {
                if (!g.listed()) {
                    continue;
                }
                GenerationId id = g.id();
                try {
                    entries.add(GenerationList.Entry.of(repo, generations.read(layout, id), drills.get(id.value()),
                            g.stillCurrent().isEmpty() ? null : g.currentAt()));
                } catch (LakeFsBackupException e) {
                    entries.add(GenerationList.Entry.broken(repo, id, e));
                }
            }
        }
        if (entries.isEmpty()) {
            throw ErrorCode.NOT_FOUND.exception(nothingFound(generations, root, request.repository()));
        }
        return new GenerationList(root.toString(), entries);
    }

    /** Why nothing was listed, with the likely mistake: a location one level too deep, or another repository. */
    private static String nothingFound(Generations generations, Location root, String repository) {
        String hint = generations.tooDeepHint(root);
        String what = (repository != null ? "no committed generation of " + repository + " at " + root
                : "no backup at " + root) + hint;
        if (repository != null && hint.isEmpty()) {
            List<String> others = generations.repositories(root);
            if (!others.isEmpty()) {
                return what + "; it holds backups of " + others;
            }
        }
        return what;
    }
}

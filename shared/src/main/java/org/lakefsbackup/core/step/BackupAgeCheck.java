package org.lakefsbackup.core.step;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;

/**
 * The check-backup-ages step: for each repository held at a backup location (and each one expected there), the
 * newest generation whose manifest reads, and how long ago its backup started, counting "still current" marks
 * (a later backup that found the repository unchanged) as successful backups. One listing of the repositories, then
 * per repository one listing of {@code generations/} and one manifest read (more only when the newest manifests
 * cannot be read). Reads only.
 */
public final class BackupAgeCheck {
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private BackupAgeCheck() {
    }

    public static BackupAges check(Storage storage, BackupAgeRequest request, Instant now) {
        Location root = Location.parse(request.backup());
        Generations generations = new Generations(storage);
        TreeSet<String> names = new TreeSet<>(generations.repositories(root));
        names.addAll(request.repositories());
        List<BackupAges.Repository> out = new ArrayList<>();
        for (String name : names) {
            out.add(repository(generations, new BackupLayout(root, name), request.rpoWindowHours(), now));
        }
        return new BackupAges(root.toString(), now, request.rpoWindowHours(), out);
    }

    private static BackupAges.Repository repository(Generations generations, BackupLayout layout, double window,
                                                    Instant now) {
        List<Generations.Entry> listed = generations.history(layout).stream().filter(Generations.Entry::listed)
                .toList();
        List<String> unreadable = new ArrayList<>();
        for (int i = listed.size() - 1; i >= 0; i--) {
            Generations.Entry e = listed.get(i);
            try {
                generations.read(layout, e.id());
            } catch (LakeFsBackupException ex) {
                unreadable.add(e.id().value() + ": " + ex.getMessage());
                continue;
            }
            Instant at = e.currentAt();
            double hours = Math.max(0, Duration.between(at, now).toMillis()) / MILLIS_PER_HOUR;
            return new BackupAges.Repository(layout.repository(), e.id().value(), at, hours, hours > window,
                    unreadable);
        }
        return new BackupAges.Repository(layout.repository(), null, null, null, true, unreadable);
    }
}

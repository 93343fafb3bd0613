package org.lakefsbackup.core.step;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How old the newest successful backup of each repository at a backup location is, against a recovery point
 * objective: the output of the check-backup-ages step.
 *
 * @param location       the backup location
 * @param checkedAt      when the check ran
 * @param rpoWindowHours the window
 * @param repositories   every repository held at the location or expected there, by name
 */
public record BackupAges(String location, Instant checkedAt, double rpoWindowHours, List<Repository> repositories) {
    public BackupAges {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(checkedAt, "checkedAt");
        repositories = List.copyOf(repositories);
    }

    /**
     * One repository.
     *
     * @param generation           the newest generation whose manifest reads, or {@code null} when there is none
     * @param lastBackupAt         when the newest successful backup started: that generation's time, or the newest
     *                             "still current" mark on it (a later backup that found the repository unchanged)
     * @param hoursSinceLastBackup {@code checkedAt - lastBackupAt} in hours; {@code null} when never backed up
     * @param overRpo              no successful backup within the window (never backed up included)
     * @param unreadable           newer generations whose manifest could not be read, with why (they do not count)
     */
    public record Repository(String repository, String generation, Instant lastBackupAt, Double hoursSinceLastBackup,
                             boolean overRpo, List<String> unreadable) {
        public Repository {
            Objects.requireNonNull(repository, "repository");
            unreadable = List.copyOf(unreadable);
        }
    }

    /** The repositories over the window. */
    public List<Repository> over() {
        return repositories.stream().filter(Repository::overRpo).toList();
    }

    /** The oldest newest backup, in hours; {@code null} when no repository has one. */
    public Double maxHoursSinceLastBackup() {
        return repositories.stream().map(Repository::hoursSinceLastBackup).filter(Objects::nonNull)
                .max(Double::compare).orElse(null);
    }

    /**
     * The metrics hosts publish: {@code HoursSinceLastBackup} per repository (dimension Repository) and its maximum
     * for the location, {@code RepositoriesOverRpo} (what the RPO alarm watches: a repository never backed up counts
     * too) and {@code RepositoriesChecked}.
     */
    public List<StepMetric> metrics() {
        List<StepMetric> out = new ArrayList<>();
        for (Repository r : repositories) {
            if (r.hoursSinceLastBackup() != null) {
                out.add(StepMetric.level("HoursSinceLastBackup", r.hoursSinceLastBackup(), StepMetric.Unit.HOURS,
                        r.repository()));
            }
        }
        Double max = maxHoursSinceLastBackup();
        if (max != null) {
            out.add(StepMetric.level("HoursSinceLastBackup", max, StepMetric.Unit.HOURS, null));
        }
        out.add(StepMetric.level("RepositoriesOverRpo", over().size(), StepMetric.Unit.COUNT, null));
        out.add(StepMetric.level("RepositoriesChecked", repositories.size(), StepMetric.Unit.COUNT, null));
        return out;
    }
}

package org.lakefsbackup.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.step.BackupAgeCheck;
import org.lakefsbackup.core.step.BackupAgeRequest;
import org.lakefsbackup.core.step.BackupAges;
import org.lakefsbackup.core.store.Storage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code status}: how old each repository's newest successful backup is against a recovery point objective, by the
 * core's check-backup-ages step (the one the AWS and Azure schedules run); exit code 3 when one is over it.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show how old each repository's newest successful backup at a location is, against a recovery "
                + "point objective (--rpo); a repository over it, or never backed up, makes the exit code 3 (for "
                + "cron and monitoring).",
                "A generation whose manifest cannot be read does not count; a repository named on the command line "
                        + "that the location does not hold counts as never backed up."})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    LakeFsBackupCommand top;

    @Parameters(arity = "0..*", paramLabel = "REPOSITORY",
            description = "repositories to check (default: every repository at the location)")
    List<String> repositories = List.of();

    @Option(names = "--from", required = true, paramLabel = "LOCATION", description = "backup location")
    String backup;

    @Option(names = "--rpo", paramLabel = "WINDOW", converter = Window.class, defaultValue = "26h",
            description = "the recovery point objective: how old the newest backup may be, in hours (26h, 36) or "
                    + "days (2d); default ${DEFAULT-VALUE}")
    double rpoHours;

    /** {@code NNh}, {@code NNd} or a number of hours. */
    static final class Window implements CommandLine.ITypeConverter<Double> {
        private static final Pattern FORMAT = Pattern.compile("^(\\d+(?:\\.\\d+)?)([hd]?)$");

        @Override
        public Double convert(String value) {
            Matcher m = FORMAT.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches() || Double.parseDouble(m.group(1)) <= 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a window: expected e.g. 26h, "
                        + "2d or 36 (hours)");
            }
            return Double.parseDouble(m.group(1)) * (m.group(2).equals("d") ? 24 : 1);
        }
    }

    @Override
    public Integer call() {
        Console console = top.console;
        try (Storage storage = CliContext.storage(top)) {
            BackupAges all = BackupAgeCheck.check(storage, new BackupAgeRequest(backup, repositories, rpoHours),
                    Instant.now());
            BackupAges ages = repositories.isEmpty() ? all : new BackupAges(all.location(), all.checkedAt(),
                    all.rpoWindowHours(), all.repositories().stream()
                    .filter(r -> repositories.contains(r.repository())).toList());
            int exit = ExitCodes.OK;
            for (BackupAges.Repository r : ages.repositories()) {
                r.unreadable().forEach(u -> console.warn("a generation of " + r.repository() + " cannot be read "
                        + "and does not count: " + u));
                if (r.overRpo()) {
                    exit = console.failed("backup age of " + r.repository(), ErrorCode.VERIFICATION_FAILED.exception(
                            r.lastBackupAt() == null ? "no successful backup of " + r.repository() + " at " + backup
                                    : "the newest successful backup of " + r.repository() + " started "
                                    + hours(r.hoursSinceLastBackup()) + " ago, over the recovery point objective of "
                                    + hours(rpoHours)));
                }
            }
            console.result(ages, table(ages));
            return exit;
        }
    }

    /** The readable table, newest backup times to the second in UTC. */
    static String table(BackupAges ages) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REPOSITORY", "LAST BACKUP (UTC)", "AGE", "GENERATION", "STATUS"});
        for (BackupAges.Repository r : ages.repositories()) {
            rows.add(new String[] {r.repository(),
                    r.lastBackupAt() == null ? "-" : TextTable.second(r.lastBackupAt()),
                    r.hoursSinceLastBackup() == null ? "-" : hours(r.hoursSinceLastBackup()),
                    r.generation() == null ? "-" : r.generation(),
                    r.lastBackupAt() == null ? "NEVER BACKED UP" : r.overRpo() ? "OVER RPO" : "ok"});
        }
        if (ages.repositories().isEmpty()) {
            return "no repository at " + ages.location();
        }
        return TextTable.render(rows, 0, i -> false) + "recovery point objective: " + hours(ages.rpoWindowHours());
    }

    private static String hours(double h) {
        return String.format(Locale.ROOT, "%.1f h", h);
    }
}

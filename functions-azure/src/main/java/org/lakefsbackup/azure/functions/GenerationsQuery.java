package org.lakefsbackup.azure.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.function.Supplier;
import org.lakefsbackup.azure.AzureServices;
import org.lakefsbackup.azure.internal.ActivityRunner;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.step.StepCatalog;

/**
 * What the {@code generations} HTTP function answers: the catalog's {@code list-generations} step (read-only: the
 * committed generations at a backup location, a broken manifest listed with its error) run once, as the activities
 * run steps, for operators who have no CLI at hand (docs/runbook-azure.md, section 1); and what the {@code rpo-check}
 * timer runs ({@link #ages}).
 */
public final class GenerationsQuery {
    private final Supplier<AzureServices> services;
    private final ActivityRunner runner;

    public GenerationsQuery(Supplier<AzureServices> services) {
        this.services = Objects.requireNonNull(services, "services");
        this.runner = new ActivityRunner(services);
    }

    /**
     * The generations of {@code repository} (every repository when {@code null}) at {@code backup} (the app's
     * {@code LAKEFS_BACKUP_LOCATION} when {@code null}), as the step's output JSON.
     *
     * @param logger the invocation's Functions logger, or {@code null}
     * @throws LakeFsBackupException NOT_FOUND when the location holds no such backup, INVALID_INPUT for a bad name
     *                               or location
     */
    public String list(String repository, String backup, java.util.logging.Logger logger) {
        ObjectNode input = Json.mapper().createObjectNode();
        input.put("backup", services.get().config().backupOrDefault(backup));
        if (repository != null && !repository.isBlank()) {
            input.put("repository", repository);
        }
        ObjectNode envelope = Json.mapper().createObjectNode();
        envelope.set("input", input);
        return runner.run(StepCatalog.LIST_GENERATIONS, envelope.toString(), logger);
    }

    /**
     * The recovery point objective check: the catalog's {@code check-backup-ages} step over the app's backup
     * location, its scheduled repositories (expected there even before their first backup) and
     * {@code LAKEFS_BACKUP_RPO_WINDOW_HOURS}, as the step's output JSON. The activity runner records its metrics
     * ({@code HoursSinceLastBackup} per repository, {@code RepositoriesOverRpo}) through OpenTelemetry, which the RPO
     * alert of {@code infra/azure/main.bicep} queries.
     */
    public String ages(java.util.logging.Logger logger) {
        var config = services.get().config();
        ObjectNode input = Json.mapper().createObjectNode();
        input.put("backup", config.backupOrDefault(null));
        var repositories = input.putArray("repositories");
        config.scheduledRepositories().forEach(repositories::add);
        input.put("rpo_window_hours", config.rpoWindowHours());
        ObjectNode envelope = Json.mapper().createObjectNode();
        envelope.set("input", input);
        return runner.run(StepCatalog.CHECK_BACKUP_AGES, envelope.toString(), logger);
    }
}

package org.lakefsbackup.cli;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopyPlanner;
import org.lakefsbackup.core.copy.NamespaceComparison;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.BackupRun;
import org.lakefsbackup.core.step.BackupSteps;
import org.lakefsbackup.core.step.PreviousGeneration;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.RestoreRun;
import org.lakefsbackup.core.step.RestoreSteps;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.StoreStats;

/**
 * {@code --dry-run} of backup and restore: the real checks and the real copy planner, on a view of the stores that
 * reads and never writes (so a lease a dry run "takes" is never written: a dry run never blocks a real run). The steps that only read (prepare) run as they are; steps that change lakeFS (commit, dump,
 * create, restore refs) are not run. The planner writes its plan and inventory as it goes: in a dry run those writes
 * are dropped, so it only counts.
 */
final class DryRuns {
    private DryRuns() {
    }

    /**
     * What a backup would do.
     *
     * @param objects      objects in the namespace now
     * @param copyObjects  of those, the ones the backup does not hold yet (the refs dump adds a few small objects)
     * @param unchanged    the refs, settings and namespace equal generation {@code stillCurrent}'s: the backup would
     *                     mark it still current and write no new generation (nothing copied, no dump)
     */
    record PlannedBackup(String repository, String namespace, String defaultBranch, long objects, long bytes,
                         long copyObjects, long copyBytes, long heldObjects, List<String> warnings, boolean unchanged,
                         String stillCurrent) {
        PlannedBackup {
            if (unchanged != (stillCurrent != null)) {
                throw new IllegalArgumentException("an unchanged plan names the generation it would mark, and only it");
            }
        }

        String human() {
            String warned = warnings.isEmpty() ? "" : "; " + warnings.size() + " warning(s) above";
            if (unchanged) {
                return String.format(java.util.Locale.ROOT, "would mark generation %s of %s still current: the "
                        + "repository and its %d objects (%s) are unchanged since, nothing to copy%s", stillCurrent, repository, objects,
                        ConsoleProgress.human(bytes), warned);
            }
            return String.format(java.util.Locale.ROOT, "would back up %s (%s): %d objects (%s), copy %d (%s), %d "
                            + "already held%s", repository, namespace, objects, ConsoleProgress.human(bytes),
                    copyObjects, ConsoleProgress.human(copyBytes), heldObjects, warned);
        }
    }

    /** What a restore would do: the repository it would create and what it would copy. */
    record PlannedRestore(boolean dryRun, String repository, String namespace, String generation,
                          String defaultBranch, boolean readOnly, String storageId, long objects, long bytes,
                          long copyObjects, long copyBytes) {
        String human() {
            return String.format(java.util.Locale.ROOT, "would restore generation %s as a new repository %s on %s "
                            + "(default branch %s%s): copy %d of %d objects (%s); the target checks passed",
                    generation, repository, namespace, defaultBranch, readOnly ? ", read-only" : "", copyObjects,
                    objects, ConsoleProgress.human(copyBytes));
        }
    }

    static PlannedBackup backup(StepServices real, BackupRequest request) {
        StepServices services = readOnly(real);
        BackupRun run = new BackupSteps(services).prepare(request.started(
                GenerationId.create(services.clock().instant()).value(), services.clock().instant()));
        String runId = run.run().runId();
        Settings s = services.settings();
        BackupLayout layout = run.run().layout();
        CopyPlanner planner = new CopyPlanner(services.storage(), s.copyChunkSize(), s.inventoryChunkSize());
        if (run.mayBeUnchanged()) {
            // the comparison the check-unchanged step makes, in one go (it writes nothing until it is done)
            PreviousGeneration previous = run.previous();
            NamespaceComparison compared = planner.compareWithInventory(Location.parse(run.namespace()), layout,
                    previous.inventory(), s::isMutable, NamespaceComparison.Checkpoint.START, Long.MAX_VALUE);
            if (compared.equal()) {
                Manifest.InventoryRef held = previous.inventory();
                return new PlannedBackup(request.repository(), run.namespace(), run.defaultBranch(), held.objects(),
                        held.bytes(), 0, 0, held.objects(), run.warnings(), true, previous.generation());
            }
        }
        CopyPlan plan = planner
                .planBackup(Location.parse(run.namespace()), layout,
                        BackupLayout.inventoryPrefix(new GenerationId(runId)), layout.run(runId).resolve("plan"),
                        s::isMutable);
        return new PlannedBackup(request.repository(), run.namespace(), run.defaultBranch(), plan.totalObjects(),
                plan.totalBytes(), plan.copyObjects(), plan.copyBytes(), plan.skippedObjects(), run.warnings(), false,
                null);
    }

    static PlannedRestore restore(StepServices real, RestoreRequest request) {
        StepServices services = readOnly(real);
        RestoreSteps steps = new RestoreSteps(services);
        RestoreRun run = steps.prepare(request.started("dry-run-" + GenerationId.create(services.clock().instant())));
        CopyPlan plan = steps.plan(run);
        return new PlannedRestore(true, run.targetRepository(), run.targetNamespace(), run.generation(),
                run.defaultBranch(), run.readOnly(), run.storageId(), plan.totalObjects(), plan.totalBytes(),
                plan.copyObjects(), plan.copyBytes());
    }

    private static StepServices readOnly(StepServices real) {
        return new StepServices(real.lakefs(), new Storage(List.of(new ReadOnlyView(real.storage()))), real.clock(),
                real.settings(), real.owner(), real.processes());
    }

    /** Reads from the real stores; drops every write, copy and delete. */
    private static final class ReadOnlyView implements ObjectStore {
        private final Storage real;

        ReadOnlyView(Storage real) {
            this.real = real;
        }

        @Override
        public boolean supports(Location location) {
            try {
                real.storeFor(location);
                return true;
            } catch (LakeFsBackupException e) {
                return false;
            }
        }

        @Override
        public Stream<ObjectInfo> list(Location prefix, String startAfter) {
            return real.storeFor(prefix).list(prefix, startAfter);
        }

        @Override
        public Optional<ObjectInfo> head(Location location) {
            return real.storeFor(location).head(location);
        }

        @Override
        public Optional<byte[]> get(Location location) {
            return real.storeFor(location).get(location);
        }

        @Override
        public InputStream open(Location location) {
            return real.storeFor(location).open(location);
        }

        @Override
        public Optional<Versioned> getVersioned(Location location) {
            return real.storeFor(location).getVersioned(location);
        }

        /** Whether it would be written: nothing is there. */
        @Override
        public boolean putIfAbsent(Location location, byte[] content) {
            return head(location).isEmpty();
        }

        /** Whether it would be replaced: it still carries {@code etag}. */
        @Override
        public boolean replaceIfMatch(Location location, byte[] content, String etag) {
            return getVersioned(location).map(v -> v.etag().equals(etag)).orElse(false);
        }

        @Override
        public void put(Location location, byte[] content) {
        }

        @Override
        public void upload(Location location, InputStream content, long length) {
        }

        @Override
        public CopyResult copy(CopyRequest request) {
            return new CopyResult(null, null, false);
        }

        @Override
        public void delete(Location location) {
        }

        @Override
        public StoreStats stats() {
            return real.stats();
        }
    }
}

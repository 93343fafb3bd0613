package org.lakefsbackup.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lakefsbackup.core.error.NotFoundException;
import org.lakefsbackup.core.error.VerificationFailedException;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.ReadCoverage;
import org.lakefsbackup.core.step.ReadSubsetProgress;
import org.lakefsbackup.core.step.ReadSubsetRequest;
import org.lakefsbackup.core.step.RollingVerifyFinish;
import org.lakefsbackup.core.step.RollingVerifyPlan;
import org.lakefsbackup.core.step.RollingVerifyRequest;
import org.lakefsbackup.core.step.RollingVerifyResult;
import org.lakefsbackup.core.step.RollingVerifySteps;
import org.lakefsbackup.core.step.RollingVerifyTarget;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;

/**
 * Rolling verification over several generations: the rotation goes on when backups make new generations between
 * runs (each generation's {@code checks.json} records what was read of it); a generation a retention policy forgets
 * while it is read, whose objects a concurrent prune may delete, is skipped, not failed, while an object missing from
 * a generation still kept fails the run naming its key; a named repository without a backup is NOT_FOUND.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollingVerifyWorkflowTest {
    static final int T = 3;

    World w;
    LakeFsClient lakefs;
    int locations;

    @BeforeAll
    void start() {
        w = new World();
        lakefs = w.client(w.sampleServer());
    }

    @AfterAll
    void close() {
        w.close();
    }

    /** A fresh location with {@code count} generations of the sample (each a full one). */
    String backups(int count) {
        String backup = "s3://backups/rolling-" + (++locations);
        for (int i = 0; i < count; i++) {
            World.run(w.services(lakefs), new BackupWorkflow(), new BackupRequest(World.SAMPLE, backup, false,
                    "2025010" + (i + 1) + "T000000000Z-roll" + locations, Instant.parse("2025-01-0" + (i + 1)
                    + "T00:00:00Z"), false, true));
        }
        return backup;
    }

    RollingVerifyResult rolling(String backup, String run) {
        return World.run(w.services(lakefs), new RollingVerifyWorkflow(), new RollingVerifyRequest(backup,
                List.of(), T, run));
    }

    @Test
    void theRotationGoesOnAcrossNewGenerationsAndEachRecordsWhatWasReadOfIt() {
        String backup = backups(1);
        BackupLayout layout = new BackupLayout(Location.parse(backup), World.SAMPLE);
        RollingVerifyResult first = rolling(backup, "20250110T000000000Z-r1");
        assertThat(first.entries()).singleElement().satisfies(e -> assertThat(e.subset()).isEqualTo("1/" + T));
        GenerationId older = new GenerationId(first.entries().get(0).generation());

        World.run(w.services(lakefs), new BackupWorkflow(), new BackupRequest(World.SAMPLE, backup, false,
                "20250111T000000000Z-newer", Instant.parse("2025-01-11T00:00:00Z"), false, true));
        RollingVerifyResult second = rolling(backup, "20250112T000000000Z-r2");
        var entry = second.entries().get(0);
        assertThat(entry.generation()).as("the latest generation").isNotEqualTo(older.value());
        assertThat(entry.subset()).as("the subset after the one read last, in the older generation")
                .isEqualTo("2/" + T);
        assertThat(ReadCoverage.load(w.storage, layout, new GenerationId(entry.generation())).read(T))
                .containsExactly(2);
        assertThat(ReadCoverage.load(w.storage, layout, older).read(T)).containsExactly(1);
        assertThat(second.read()).isEqualTo(entry.read());
        assertThat(first.read() + second.read()).isLessThanOrEqualTo(entry.checked());
    }

    @Test
    void aGenerationForgottenWhileItIsReadIsSkippedButAnObjectMissingFromAKeptOneFailsTheRun() {
        String backup = backups(1);
        BackupLayout layout = new BackupLayout(Location.parse(backup), World.SAMPLE);
        RollingVerifySteps steps = new RollingVerifySteps(w.services(lakefs));
        RollingVerifyPlan plan = steps.plan(new RollingVerifyRequest(backup, List.of(World.SAMPLE), 1,
                "20250120T000000000Z-race"));
        RollingVerifyTarget target = plan.targets().get(0);
        GenerationId generation = new GenerationId(target.generation());
        String lost;
        try (Stream<ObjectInfo> held = w.store.list(layout.objects(), null)) {
            lost = held.map(ObjectInfo::key).findFirst().orElseThrow();
        }
        w.store.delete(layout.objects().resolve(lost));

        // still kept: prune never deletes what a kept generation references, so this is a real loss
        ReadSubsetProgress kept = steps.read(new ReadSubsetRequest(target, null));
        assertThat(kept.entry().missing()).isEqualTo(1);
        assertThat(kept.entry().skipped()).isNull();
        assertThatThrownBy(() -> steps.finish(new RollingVerifyFinish(List.of(kept.entry()), List.of())))
                .isInstanceOf(VerificationFailedException.class).hasMessageContaining(lost)
                .hasMessageContaining(generation.value());
        assertThat(ReadCoverage.load(w.storage, layout, generation)).as("a failed read records nothing")
                .isEqualTo(ReadCoverage.none());

        // a retention policy forgot the generation meanwhile (and prune deleted its object): not a failure
        Location marker = layout.forgotten(generation);
        w.store.put(marker, "{}".getBytes(StandardCharsets.UTF_8));
        ReadSubsetProgress forgotten = steps.read(new ReadSubsetRequest(target, null));
        assertThat(forgotten.entry().skipped()).contains("forgot generation " + generation.value());
        assertThat(steps.finish(new RollingVerifyFinish(List.of(forgotten.entry()), List.of())).entries())
                .hasSize(1);

        // prune removed its manifest and inventory too before the read began: skipped as well
        try (Stream<ObjectInfo> files = w.store.list(layout.generation(generation), null)) {
            files.map(ObjectInfo::key).toList().forEach(k -> w.store.delete(layout.generation(generation)
                    .resolve(k)));
        }
        assertThat(steps.read(new ReadSubsetRequest(target, null)).entry().skipped()).isNotNull();
    }

    @Test
    void aNamedRepositoryWithoutABackupIsNotFoundAndAnEmptyLocationVerifiesNothing() {
        String backup = "s3://backups/rolling-empty";
        assertThatThrownBy(() -> World.run(w.services(lakefs), new RollingVerifyWorkflow(),
                new RollingVerifyRequest(backup, List.of("absent"), T, null)))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("absent");
        assertThat(rolling(backup, "20250130T000000000Z-empty").entries()).isEmpty();
    }
}

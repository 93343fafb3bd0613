package org.lakefsbackup.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.EventClaimRequest;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.trigger.EventMarks;
import org.lakefsbackup.core.trigger.EventPolicy;
import org.lakefsbackup.core.trigger.EventTrigger;
import org.lakefsbackup.core.trigger.TriggerDecision;
import org.lakefsbackup.core.trigger.TriggerDecision.Outcome;
import org.lakefsbackup.core.trigger.WebhookSecret;
import org.lakefsbackup.testkit.lakefs.SampleRepository;
import org.lakefsbackup.testkit.store.ForwardingObjectStore;

/**
 * Burst coalescing of event-triggered backups, on the core workflow run in-process against an emulated lakeFS:
 * events during a run leave marks and the run ends with exactly one follow-up; an event raced against the end of a
 * run, at each point where the webhook's two effects (write the mark, read the lease) can fall between the run's
 * (release the lease; list, lease and delete the marks), is never lost: either the run's own closing claim covers it
 * or the webhook finds the lease free and starts a run. "Covered" is checked on the result: the newest generation
 * records the commit the event announced, and no mark is left.
 */
class EventCoalescingTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String BACKUP = "s3://backups/coalescing";

    World world;
    LakeFsClient lakefs;
    SampleRepository sample;
    String main;
    EventTrigger webhook;
    EventMarks marks;
    /** Where the race hook fires in the backup's own store operations; null: nowhere. */
    volatile Point point;
    volatile boolean armed;
    final List<TriggerDecision> decisions = new ArrayList<>();
    final List<String> announced = new ArrayList<>();
    final AtomicInteger prepares = new AtomicInteger();
    GenerationResult last;

    /** Where, among the backup's store operations, the racing event arrives. */
    enum Point {
        /** commit-generation is about to release the lease: the webhook sees it held. */
        BEFORE_RELEASE,
        /** commit-generation has just released the lease: the webhook sees it free. */
        AFTER_RELEASE,
        /** the closing claim has listed the marks (none yet), not yet decided. */
        AFTER_CLAIM_LISTED,
        /** the closing claim (an earlier event pending) has taken the lease for the follow-up, not yet deleted. */
        AFTER_CLAIM_LEASED
    }

    @BeforeEach
    void start() {
        world = new World();
        var server = world.sampleServer();
        lakefs = world.client(server);
        sample = world.sample(server);
        main = "events"; // the sample's default branch is protected: commit to another, named in the policy
        try {
            sample.branch(World.SAMPLE, main, lakefs.getRepository(World.SAMPLE).orElseThrow().defaultBranch(), false);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        marks = new EventMarks(world.storage);
        webhook = new EventTrigger(WebhookSecret.of(SECRET), new EventPolicy(java.util.Set.of(World.SAMPLE),
                List.of(main)), Location.parse(BACKUP), marks, world.services(lakefs).leases(),
                repo -> lakefs.getRepository(repo).map(RepositoryInfo::defaultBranch), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        world.close();
    }

    /** A commit to the branch {@link #main} and its post-commit event delivered to the webhook. */
    TriggerDecision commitAndNotify() {
        String commit;
        try {
            sample.upload(World.SAMPLE, main, Map.of("events/" + announced.size() + ".txt", "event " + announced.size()));
            commit = sample.commit(World.SAMPLE, main, "event " + announced.size());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        announced.add(commit);
        TriggerDecision d = webhook.handle(SECRET, ("{\"event_type\":\"post-commit\",\"repository_id\":\""
                + World.SAMPLE + "\",\"branch_id\":\"" + main + "\",\"commit_id\":\"" + commit + "\",\"run_id\":\"r"
                + announced.size() + "\"}").getBytes(StandardCharsets.UTF_8));
        decisions.add(d);
        return d;
    }

    /** The backup's services over a store that fires the racing event at {@link #point}. */
    StepServices racingServices() {
        ForwardingObjectStore racing = new ForwardingObjectStore(world.store) {
            @Override
            public void delete(Location location) {
                boolean lease = location.key().endsWith("/lease.json");
                if (lease && fire(Point.BEFORE_RELEASE)) {
                    commitAndNotify();
                }
                super.delete(location);
                if (lease && fire(Point.AFTER_RELEASE)) {
                    commitAndNotify();
                }
            }

            @Override
            public Stream<ObjectInfo> list(Location prefix, String startAfter) {
                List<ObjectInfo> listed;
                try (Stream<ObjectInfo> s = super.list(prefix, startAfter)) {
                    listed = s.toList();
                }
                // the marks' folder, or (a follow-up claim) the runs folder from the marks to the lease
                if ((prefix.key().endsWith("/" + EventMarks.DIR) || EventMarks.DIR.equals(startAfter))
                        && fire(Point.AFTER_CLAIM_LISTED)) {
                    commitAndNotify();
                }
                return listed.stream();
            }

            @Override
            public boolean putIfAbsent(Location location, byte[] content) {
                boolean created = super.putIfAbsent(location, content);
                if (created && location.key().endsWith("/lease.json") && fire(Point.AFTER_CLAIM_LEASED)) {
                    commitAndNotify();
                }
                return created;
            }
        };
        return new StepServices(lakefs, Storage.of(racing), Clock.systemUTC(), World.settings());
    }

    boolean fire(Point at) {
        if (armed && point == at) {
            armed = false;
            return true;
        }
        return false;
    }

    GenerationResult backup(StepServices services, InProcessRunner.Listener listener) {
        return last = new InProcessRunner(services, World.SHORT_WAIT, ProgressListener.NONE, listener)
                .run(new BackupWorkflow(), new BackupRequest(World.SAMPLE, BACKUP, false));
    }

    /** Counts runs; fires {@code during} once when the first run verifies; arms the race at the first run's end. */
    InProcessRunner.Listener listener(Runnable during, Point race) {
        return new InProcessRunner.Listener() {
            boolean fired;

            @Override
            public void stepStarted(String step, Object input) {
                if (step.equals("prepare-backup")) {
                    prepares.incrementAndGet();
                }
                if (step.equals("verify-backup") && !fired) {
                    fired = true;
                    during.run();
                }
                if (race != null && prepares.get() == 1) {
                    boolean endOfFirstRun = switch (race) {
                        case BEFORE_RELEASE, AFTER_RELEASE -> step.equals("commit-generation");
                        case AFTER_CLAIM_LISTED, AFTER_CLAIM_LEASED -> step.equals("claim-events")
                                && ((EventClaimRequest) input).followUp();
                    };
                    if (endOfFirstRun) {
                        point = race;
                        armed = true;
                    }
                }
            }
        };
    }

    /** The manifest of the last generation a backup run here returned. */
    Manifest newestManifest() {
        Location at = Location.parse(last.manifest());
        return Manifest.parse(world.store.get(at).orElseThrow(), at.toString());
    }

    String recordedHead(Manifest m) {
        return m.branches().stream().filter(b -> b.name().equals(main)).findFirst().orElseThrow().commitId();
    }

    void assertEverythingCovered() {
        assertThat(marks.pending(Location.parse(BACKUP), World.SAMPLE)).as("marks left").isEmpty();
        assertThat(world.services(lakefs).leases().read(Location.parse(BACKUP), World.SAMPLE)).as("lease").isEmpty();
        assertThat(recordedHead(newestManifest())).as("the newest generation records the last announced commit")
                .isEqualTo(announced.get(announced.size() - 1));
    }

    @Test
    void manyEventsDuringOneRunMakeExactlyOneFollowUp() {
        GenerationResult result = backup(world.services(lakefs), listener(() -> {
            for (int i = 0; i < 5; i++) {
                commitAndNotify();
            }
        }, null));
        assertThat(decisions).extracting(TriggerDecision::outcome).containsOnly(Outcome.COALESCED).hasSize(5);
        assertThat(prepares.get()).as("the run and one follow-up").isEqualTo(2);
        assertThat(result.generation()).isEqualTo(newestManifest().generation());
        assertEverythingCovered();
    }

    @Test
    void aRunWithoutEventsHasNoFollowUpAndConsumesMarksWrittenBeforeIt() {
        TriggerDecision before = commitAndNotify();
        assertThat(before.outcome()).isEqualTo(Outcome.START);
        backup(world.services(lakefs), InProcessRunner.Listener.NONE);
        assertThat(marks.pending(Location.parse(BACKUP), World.SAMPLE)).isEmpty();
        assertThat(recordedHead(newestManifest())).isEqualTo(announced.get(0));
        assertThat(world.keys(BACKUP + "/" + World.SAMPLE + "/generations")).filteredOn(k -> k.endsWith(
                "manifest.json")).as("no follow-up for the event the run started with").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Point.class)
    void anEventRacingTheEndOfARunIsNeverLost(Point race) {
        boolean earlier = race == Point.AFTER_CLAIM_LEASED; // the closing claim takes the lease only for a mark
        StepServices services = racingServices();
        backup(services, listener(() -> {
            if (earlier) {
                commitAndNotify();
            }
        }, race));
        assertThat(decisions).as("the racing event arrived").hasSize(earlier ? 2 : 1);
        TriggerDecision racing = decisions.get(decisions.size() - 1);
        switch (race) {
            case BEFORE_RELEASE, AFTER_CLAIM_LEASED -> assertThat(racing.outcome()).isEqualTo(Outcome.COALESCED);
            case AFTER_RELEASE, AFTER_CLAIM_LISTED -> assertThat(racing.outcome()).isEqualTo(Outcome.START);
        }
        if (racing.start()) {
            // the host starts the backup the webhook asked for (here after the first workflow ended)
            backup(world.services(lakefs), InProcessRunner.Listener.NONE);
        }
        assertEverythingCovered();
    }
}

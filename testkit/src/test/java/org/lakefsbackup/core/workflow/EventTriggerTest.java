package org.lakefsbackup.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.lease.Leases;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.trigger.EventMarks;
import org.lakefsbackup.core.trigger.EventPolicy;
import org.lakefsbackup.core.trigger.EventTrigger;
import org.lakefsbackup.core.trigger.TriggerDecision;
import org.lakefsbackup.core.trigger.TriggerDecision.Outcome;
import org.lakefsbackup.core.trigger.WebhookSecret;

/**
 * The webhook's checks ({@link EventTrigger}) against an emulated lakeFS: a missing or wrong secret, a body that is
 * not an event, a repository the environment does not back up, another branch or event type: each answers without
 * writing a mark or starting anything. An accepted event writes one mark and starts a backup named after the oldest
 * pending mark, or, while a backup holds the lease, leaves it to that backup.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventTriggerTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final String BACKUP = "s3://backups/events";

    World world;
    LakeFsClient lakefs;
    StepServices services;
    EventMarks marks;

    @BeforeAll
    void start() {
        world = new World();
        lakefs = world.client(world.sampleServer());
        services = world.services(lakefs);
        marks = new EventMarks(world.storage);
    }

    @AfterAll
    void stop() {
        world.close();
    }

    @BeforeEach
    void clean() {
        Location dir = EventMarks.folder(Location.parse(BACKUP), World.SAMPLE);
        marks.pending(Location.parse(BACKUP), World.SAMPLE).forEach(n -> world.store.delete(dir.resolve(n)));
        services.leases().release(Location.parse(BACKUP), World.SAMPLE, "holder");
    }

    EventTrigger trigger(EventPolicy policy) {
        return new EventTrigger(WebhookSecret.of(SECRET), policy, Location.parse(BACKUP), marks, services.leases(),
                repo -> lakefs.getRepository(repo).map(RepositoryInfo::defaultBranch), Clock.systemUTC());
    }

    EventTrigger trigger() {
        return trigger(new EventPolicy(Set.of(World.SAMPLE), List.of()));
    }

    static byte[] event(String type, String repository, String branch, String commit) {
        return ("{\"event_type\":\"" + type + "\",\"event_time\":\"2026-11-30T20:00:00Z\",\"action_name\":\"backup\","
                + "\"hook_id\":\"backup\",\"repository_id\":\"" + repository + "\",\"branch_id\":\"" + branch
                + "\",\"source_ref\":\"" + branch + "\",\"commit_id\":\"" + commit + "\",\"run_id\":\"run-" + commit
                + "\",\"commit_message\":\"m\",\"committer\":\"admin\"}").getBytes(StandardCharsets.UTF_8);
    }

    List<String> pending() {
        return marks.pending(Location.parse(BACKUP), World.SAMPLE);
    }

    @Test
    void aMissingOrWrongSecretIsRefusedBeforeTheBodyIsRead() {
        byte[] good = event("post-commit", World.SAMPLE, "main", "c1");
        for (String presented : new String[] {null, "", "0123456789abcdef0123456789abcdee", SECRET + "x"}) {
            TriggerDecision d = trigger().handle(presented, good);
            assertThat(d.outcome()).as(String.valueOf(presented)).isEqualTo(Outcome.UNAUTHORIZED);
            assertThat(d.status()).isEqualTo(401);
            assertThat(d.start()).isFalse();
            assertThat(d.message()).doesNotContain(SECRET);
        }
        assertThat(pending()).isEmpty();
    }

    @Test
    void aShortSecretIsRefusedAndNeverPrinted() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> WebhookSecret.of("short-secret")))
                .hasMessageNotContaining("short-secret").hasMessageContaining("at least 32");
        assertThat(WebhookSecret.of(SECRET).toString()).doesNotContain(SECRET);
    }

    @Test
    void aBodyThatIsNotAnEventIsRefused() {
        for (String body : new String[] {"", "not json", "{}", "{\"event_type\":\"post-commit\"}",
                "{\"event_type\":\"post-commit\",\"repository_id\":\"Bad Name\",\"branch_id\":\"main\"}"}) {
            TriggerDecision d = trigger().handle(SECRET, body.getBytes(StandardCharsets.UTF_8));
            assertThat(d.outcome()).as(body).isEqualTo(Outcome.INVALID);
            assertThat(d.status()).isEqualTo(400);
        }
        assertThat(pending()).isEmpty();
    }

    @Test
    void aRepositoryThisEnvironmentDoesNotBackUpIsNotFound() {
        TriggerDecision d = trigger().handle(SECRET, event("post-commit", "other-repo", "main", "c1"));
        assertThat(d.outcome()).isEqualTo(Outcome.UNKNOWN_REPOSITORY);
        assertThat(d.status()).isEqualTo(404);
        assertThat(d.start()).isFalse();
        assertThat(marks.pending(Location.parse(BACKUP), "other-repo")).isEmpty();
        // every repository accepted, but lakeFS has none of that name: also 404 (the default branch is unknown)
        TriggerDecision any = trigger(new EventPolicy(Set.of("*"), List.of()))
                .handle(SECRET, event("post-commit", "other-repo", "main", "c1"));
        assertThat(any.outcome()).isEqualTo(Outcome.UNKNOWN_REPOSITORY);
        assertThat(marks.pending(Location.parse(BACKUP), "other-repo")).isEmpty();
    }

    @Test
    void otherBranchesAndEventTypesAreIgnored() {
        String defaultBranch = lakefs.getRepository(World.SAMPLE).orElseThrow().defaultBranch();
        TriggerDecision branch = trigger().handle(SECRET, event("post-commit", World.SAMPLE, "feature", "c1"));
        assertThat(branch.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(branch.status()).isEqualTo(200);
        TriggerDecision type = trigger().handle(SECRET, event("post-create-branch", World.SAMPLE, defaultBranch, "c1"));
        assertThat(type.outcome()).isEqualTo(Outcome.IGNORED);
        TriggerDecision pattern = trigger(new EventPolicy(Set.of(World.SAMPLE), List.of("release-*")))
                .handle(SECRET, event("post-merge", World.SAMPLE, defaultBranch, "c1"));
        assertThat(pattern.outcome()).as("patterns replace the default branch").isEqualTo(Outcome.IGNORED);
        assertThat(pending()).isEmpty();
        TriggerDecision release = trigger(new EventPolicy(Set.of(World.SAMPLE), List.of("release-*")))
                .handle(SECRET, event("post-merge", World.SAMPLE, "release-7", "c1"));
        assertThat(release.outcome()).isEqualTo(Outcome.START);
    }

    @Test
    void anAcceptedEventWritesOneMarkAndStartsARunNamedAfterTheOldestPendingMark() {
        String main = lakefs.getRepository(World.SAMPLE).orElseThrow().defaultBranch();
        TriggerDecision first = trigger().handle(SECRET, event("post-commit", World.SAMPLE, main, "c1"));
        assertThat(first.outcome()).isEqualTo(Outcome.START);
        assertThat(first.status()).isEqualTo(202);
        assertThat(pending()).hasSize(1);
        assertThat(first.startNames()).containsExactly(EventTrigger.startName(World.SAMPLE, pending().get(0)));
        assertThat(first.startNames().get(0)).hasSizeLessThanOrEqualTo(80).matches("[A-Za-z0-9-]+");
        // the same delivery again: the same mark, the same name
        TriggerDecision again = trigger().handle(SECRET, event("post-commit", World.SAMPLE, main, "c1"));
        assertThat(pending()).hasSize(1);
        // a second event of the burst (its run not started yet): the first event's name first, so one run starts
        TriggerDecision second = trigger().handle(SECRET, event("post-merge", World.SAMPLE, main, "c2"));
        assertThat(pending()).hasSize(2);
        assertThat(second.startNames()).hasSize(2);
        assertThat(second.startNames().get(0)).isEqualTo(first.startNames().get(0));
        assertThat(again.startNames().get(0)).isEqualTo(first.startNames().get(0));
    }

    @Test
    void whileARunHoldsTheLeaseTheEventIsLeftToIt() {
        services.leases().acquire(Location.parse(BACKUP), World.SAMPLE, "backup", "run-1", "holder", "test", false);
        String main = lakefs.getRepository(World.SAMPLE).orElseThrow().defaultBranch();
        TriggerDecision d = trigger().handle(SECRET, event("post-commit", World.SAMPLE, main, "c1"));
        assertThat(d.outcome()).isEqualTo(Outcome.COALESCED);
        assertThat(d.status()).isEqualTo(202);
        assertThat(d.start()).isFalse();
        assertThat(pending()).hasSize(1);
    }

    @Test
    void policyFromTheEnvironment() {
        EventPolicy p = EventPolicy.fromEnvironment(java.util.Map.of(EventPolicy.REPOSITORIES_ENV, " a-repo, b-repo ",
                EventPolicy.BRANCHES_ENV, "main, release-*"));
        assertThat(p.covers("a-repo")).isTrue();
        assertThat(p.covers("c-repo")).isFalse();
        assertThat(p.triggers("release-1", () -> "x")).isTrue();
        assertThat(p.triggers("dev", () -> "dev")).isFalse();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> EventPolicy.fromEnvironment(
                java.util.Map.of()))).hasMessageContaining(EventPolicy.REPOSITORIES_ENV);
        assertThat(Optional.of(EventPolicy.fromEnvironment(java.util.Map.of(EventPolicy.REPOSITORIES_ENV, "*"))
                .covers("anything"))).contains(true);
    }
}

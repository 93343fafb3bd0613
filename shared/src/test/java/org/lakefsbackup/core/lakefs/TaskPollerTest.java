package org.lakefsbackup.core.lakefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.TaskLostException;
import org.lakefsbackup.core.lakefs.StubLakeFs.Reply;
import org.lakefsbackup.core.retry.RetryPolicy;
import org.lakefsbackup.core.retry.Sleeper;
import org.lakefsbackup.core.step.TaskState;

class TaskPollerTest {
    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final String C = "c".repeat(64);
    private static final String T = "a".repeat(64);
    private static final String B = "b".repeat(64);

    private final FakeClock clock = new FakeClock(START);
    private final List<Duration> sleeps = new ArrayList<>();
    private final Sleeper sleeper = d -> {
        sleeps.add(d);
        clock.advance(d);
    };

    private TaskPoller poller(Duration timeout) {
        return new TaskPoller(new RetryPolicy(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0,
                false), timeout, clock, sleeper);
    }

    @Test
    void backsOffExponentiallyUpToTheMaximum() {
        AtomicInteger polls = new AtomicInteger();
        TaskStatus done = new TaskStatus("DR1", true, START, null, new MetaRangeIds(C, T, B));
        Supplier<TaskStatus> status = () -> polls.incrementAndGet() < 7
                ? new TaskStatus("DR1", false, clock.instant(), null, null)
                : done;

        TaskStatus result = poller(Duration.ofHours(1)).await("dump task DR1", status);

        assertThat(result).isSameAs(done);
        assertThat(polls).hasValue(7);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @Test
    void timesOutWhenUpdateTimeStopsMoving() {
        AtomicInteger polls = new AtomicInteger();
        Supplier<TaskStatus> stale = () -> {
            polls.incrementAndGet();
            return new TaskStatus("DR1", false, START, null, null);
        };

        assertThatThrownBy(() -> poller(Duration.ofSeconds(30)).await("dump task DR1 of 'repo1'", stale))
                .isInstanceOf(ErrorCode.TIMEOUT.exceptionClass())
                .hasMessageContaining("dump task DR1 of 'repo1'")
                .hasMessageContaining("made no progress since " + START);
        // Polls at 0, 1, 3, 7, 15, 25 s are within 30 s of the last update; the poll at 35 s is not.
        assertThat(polls).hasValue(7);
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(35));
    }

    @Test
    void keepsWaitingPastTheTimeoutWhileUpdateTimeAdvances() {
        AtomicInteger polls = new AtomicInteger();
        Supplier<TaskStatus> slowButMoving = () -> {
            boolean done = polls.incrementAndGet() > 20;
            // The server updates the task 25 s before each poll: never older than the 30 s timeout.
            return new TaskStatus("RR1", done, clock.instant().minusSeconds(25), null, null);
        };

        TaskStatus result = poller(Duration.ofSeconds(30)).await("restore task RR1", slowButMoving);

        assertThat(result.succeeded()).isTrue();
        assertThat(Duration.between(START, clock.instant())).isGreaterThan(Duration.ofSeconds(150));
    }

    @Test
    void aTaskAlreadyStaleOnTheFirstPollTimesOutWithoutSleeping() {
        Supplier<TaskStatus> abandoned = () -> new TaskStatus("DR1", false, START.minus(Duration.ofHours(2)), null,
                null);

        assertThatThrownBy(() -> poller(Duration.ofHours(1)).await("dump task DR1", abandoned))
                .isInstanceOf(ErrorCode.TIMEOUT.exceptionClass());
        assertThat(sleeps).isEmpty();
    }

    @Test
    void aTaskThatFinishedWithAnErrorFails() {
        Supplier<TaskStatus> failed = () -> new TaskStatus("RR1", true, START, "load commits: read from block "
                + "storage: not found", null);

        assertThatThrownBy(() -> poller(Duration.ofHours(1)).await("restore task RR1 into 'repo2'", failed))
                .isInstanceOf(ErrorCode.TASK_FAILED.exceptionClass())
                .hasMessage("lakeFS restore task RR1 into 'repo2' failed: load commits: read from block storage: "
                        + "not found");
    }

    @Test
    void aLostTaskPropagates() {
        TaskLostException lost = new TaskLostException("task DR1 is unknown to the server", null);
        AtomicInteger polls = new AtomicInteger();
        Supplier<TaskStatus> status = () -> {
            if (polls.incrementAndGet() == 3) {
                throw lost;
            }
            return new TaskStatus("DR1", false, clock.instant(), null, null);
        };

        assertThatThrownBy(() -> poller(Duration.ofHours(1)).await("dump task DR1", status)).isSameAs(lost);
    }

    @Test
    void awaitsADumpThroughTheClient() throws IOException {
        AtomicInteger polls = new AtomicInteger();
        try (StubLakeFs stub = new StubLakeFs();
             SdkLakeFsClient client = new SdkLakeFsClient(new LakeFsConfig(stub.endpoint(), "k", "s"))) {
            stub.on("GET", "/repositories/repo1/dump", request -> Reply.json(200, polls.incrementAndGet() < 3
                    ? "{\"id\":\"DR1\",\"done\":false,\"update_time\":\"" + clock.instant() + "\"}"
                    : """
                    {"id":"DR1","done":true,"update_time":"%s","refs":{"commits_meta_range_id":"%s",
                     "tags_meta_range_id":"%s","branches_meta_range_id":"%s"}}""".formatted(clock.instant(), C, T, B)));

            TaskStatus status = poller(Duration.ofHours(1)).await("dump task DR1",
                    () -> client.dumpStatus("repo1", "DR1"));

            assertThat(status.refs()).isEqualTo(new MetaRangeIds(C, T, B));
            assertThat(stub.requests()).hasSize(3).allSatisfy(r -> assertThat(r.param("task_id")).isEqualTo("DR1"));
        }
    }

    @Test
    void classifiesTasksByDoneErrorAndProgress() {
        Duration timeout = Duration.ofMinutes(5);
        assertThat(TaskPoller.classify(new TaskStatus("DR1", true, START, null, null), START, timeout))
                .isEqualTo(TaskState.DONE);
        assertThat(TaskPoller.classify(new TaskStatus("DR1", true, START, "boom", null), START, timeout))
                .isEqualTo(TaskState.FAILED);
        assertThat(TaskPoller.classify(new TaskStatus("DR1", false, START, null, null), START.plusSeconds(300),
                timeout)).as("exactly at the timeout it still counts as progressing").isEqualTo(TaskState.RUNNING);
        assertThat(TaskPoller.classify(new TaskStatus("DR1", false, START, null, null), START.plusSeconds(301),
                timeout)).isEqualTo(TaskState.STALE);
    }

    @Test
    void aFinishedTaskIsNeverStaleAndAnUpdateTimeAheadOfOurClockIsProgress() {
        Duration timeout = Duration.ofMinutes(5);
        Instant muchLater = START.plus(Duration.ofDays(2));
        assertThat(TaskPoller.classify(new TaskStatus("RR1", true, START, null, null), muchLater, timeout))
                .isEqualTo(TaskState.DONE);
        assertThat(TaskPoller.classify(new TaskStatus("RR1", true, START, "can only restore into a bare repository",
                null), muchLater, timeout)).isEqualTo(TaskState.FAILED);
        assertThat(TaskPoller.classify(new TaskStatus("RR1", false, START.plusSeconds(30), null, null), START,
                timeout)).as("lakeFS's clock ahead of ours").isEqualTo(TaskState.RUNNING);
    }

    @Test
    void rejectsAnEmptyTimeout() {
        assertThatThrownBy(() -> new TaskPoller(RetryPolicy.POLL, Duration.ZERO, clock, sleeper))
                .isInstanceOf(ErrorCode.INVALID_INPUT.exceptionClass());
    }

    private static final class FakeClock extends Clock {
        private Instant now;

        FakeClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}

package org.lakefsbackup.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.testkit.store.ForwardingObjectStore;

/**
 * Exit codes automation can trust for an incomplete copy, with one attempt per step and per object (the CLI's
 * {@code --retries 0}): copies that failed only from throttling or unavailability are THROTTLED (exit 7, run again),
 * any other failure COPY_INCOMPLETE (exit 1). Either way the run leaves no scratch or lease and the next run copies
 * only what is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CopyExitCodesTest {
    static final String REPO = World.SAMPLE;

    World w;
    LakeFsClient lakefs;

    @BeforeAll
    void createTheSample() {
        w = new World();
        lakefs = w.client(w.sampleServer());
    }

    @AfterAll
    void close() {
        w.close();
    }

    /** A store whose copies of some keys always fail with the code the function gives (null: copy). */
    private StepServices failingCopies(Function<String, ErrorCode> failure) {
        ForwardingObjectStore store = new ForwardingObjectStore(w.store) {
            @Override
            public CopyResult copy(CopyRequest request) {
                ErrorCode code = failure.apply(request.target().key());
                if (code != null) {
                    throw code.exception("injected " + code + " copying " + request.target().key());
                }
                return super.copy(request);
            }
        };
        return new StepServices(lakefs, Storage.of(store), Clock.systemUTC(),
                World.settings().withStepAttempts(1).withMaxAttemptsPerObject(1));
    }

    private LakeFsBackupException failedBackup(String backup, Function<String, ErrorCode> failure) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> World.run(failingCopies(failure),
                new BackupWorkflow(), new BackupRequest(REPO, backup, false)));
        assertThat(t).isInstanceOf(LakeFsBackupException.class);
        assertThat(w.keys(backup + "/_runs")).as("scratch and lease removed").isEmpty();
        return (LakeFsBackupException) t;
    }

    private void nextRunCopiesOnlyTheRest(String backup, long copiedBefore) {
        GenerationResult g = w.backUpSample(lakefs, backup);
        assertThat(g.copiedObjects()).isEqualTo(g.objects() - copiedBefore);
    }

    @Test
    void copiesThatFailedOnlyFromThrottlingExit7() {
        String backup = "s3://backups/throttled";
        LakeFsBackupException e = failedBackup(backup, key -> key.contains("/data/")
                ? (key.hashCode() % 2 == 0 ? ErrorCode.THROTTLED : ErrorCode.UNAVAILABLE) : null);
        assertThat(e.code()).isEqualTo(ErrorCode.THROTTLED);
        assertThat(e.code().exitCode()).isEqualTo(7);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("run again");
        nextRunCopiesOnlyTheRest(backup, w.keys(backup + "/" + REPO + "/objects").size());
    }

    @Test
    void anyOtherCopyFailureExits1() {
        String backup = "s3://backups/denied";
        boolean[] first = {true};
        LakeFsBackupException e = failedBackup(backup, key -> {
            if (!key.contains("/data/")) {
                return null;
            }
            synchronized (first) {
                boolean denied = first[0];
                first[0] = false;
                return denied ? ErrorCode.UNAUTHORIZED : ErrorCode.THROTTLED;
            }
        });
        assertThat(e.code()).isEqualTo(ErrorCode.COPY_INCOMPLETE);
        assertThat(e.code().exitCode()).isEqualTo(1);
        assertThat(e.getMessage()).contains("UNAUTHORIZED");
        nextRunCopiesOnlyTheRest(backup, w.keys(backup + "/" + REPO + "/objects").size());
    }
}

package org.lakefsbackup.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.error.UnavailableException;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.step.RestoreRequest;
import org.lakefsbackup.core.step.RestoreVerification;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.testkit.fault.FaultInjectingProxy;
import org.lakefsbackup.testkit.fault.FaultRule;
import org.lakefsbackup.testkit.lakefs.LakeFsEmulator;

/**
 * lakeFS answering 500 during a restore, through the fault-injecting proxy: while the refs restore is polled, and
 * while apply-settings re-creates a hidden branch it has just deleted. The failing steps are retried and the restore
 * ends verified; when the outage outlasts the retries the restore fails as retryable (exit 7), the repository holding
 * restored refs is kept, and running the restore again finishes it. No repository is ever deleted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreFaultsTest {
    static final String BACKUP = "s3://backups/faults";
    static final String REPO = World.SAMPLE;

    World w;
    String generation;
    World.RepoView source;

    @BeforeAll
    void backUpTheSample() {
        w = new World();
        LakeFsClient lakefs = w.client(w.sampleServer());
        generation = w.backUpSample(lakefs, BACKUP).generation();
        source = World.RepoView.of(lakefs, REPO);
    }

    @AfterAll
    void close() {
        w.close();
    }

    /** Records the steps that were retried. */
    static final class Retries implements InProcessRunner.Listener {
        final List<String> steps = new CopyOnWriteArrayList<>();

        @Override
        public void stepRetrying(String step, int attempt, LakeFsBackupException failure) {
            steps.add(step);
        }
    }

    @Test
    void serverErrorsWhileTheRestoreIsPolledAreRetriedAndTheRestoreVerifies() {
        LakeFsEmulator server = w.emulator();
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(upstream(server),
                FaultInjectingProxy.Mode.LAKEFS, 1)) {
            FaultRule restorePoll = FaultRule.serverError(1).onlyMethods("GET").onlyTargets("/repositories/"
                    + REPO + "/restore\\?");
            proxy.rules(restorePoll.onNthRequest(1), restorePoll.onNthRequest(1), restorePoll.onNthRequest(1),
                    restorePoll.onNthRequest(1), restorePoll.onNthRequest(1));
            Retries retries = new Retries();
            RestoreVerification v = World.run(w.services(w.client(proxied(proxy, server))), new RestoreWorkflow(),
                    request("s3://target/poll-500"), retries);

            assertThat(v.generation()).isEqualTo(generation);
            assertThat(proxy.faultsInjected()).isEqualTo(5);
            assertThat(retries.steps).containsOnly(StepCatalog.POLL_RESTORE.name()).hasSize(5);
            assertThat(World.RepoView.of(w.client(server), REPO)).isEqualTo(source);
            assertThat(server.requestCount("DELETE /repositories/{repository}")).isZero();
        }
    }

    @Test
    void serverErrorsWhenApplySettingsRecreatesTheHiddenBranchAreRetriedAndTheRestoreVerifies() {
        LakeFsEmulator server = w.emulator();
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(upstream(server),
                FaultInjectingProxy.Mode.LAKEFS, 2)) {
            FaultRule createBranch = FaultRule.serverError(1).onlyMethods("POST").onlyTargets("/repositories/"
                    + REPO + "/branches$");
            proxy.rules(createBranch.onNthRequest(1), createBranch.onNthRequest(1), createBranch.onNthRequest(1));
            Retries retries = new Retries();
            RestoreVerification v = World.run(w.services(w.client(proxied(proxy, server))), new RestoreWorkflow(),
                    request("s3://target/settings-500"), retries);

            assertThat(v.generation()).isEqualTo(generation);
            assertThat(proxy.faultsInjected()).isEqualTo(3);
            assertThat(server.requestCount("DELETE /repositories/{repository}/branches/{branch}"))
                    .as("the restored hidden branch was deleted once, to be re-created hidden").isEqualTo(1);
            assertThat(retries.steps).containsOnly(StepCatalog.APPLY_SETTINGS.name()).hasSize(3);
            assertThat(World.RepoView.of(w.client(server), REPO)).isEqualTo(source);
            assertThat(server.requestCount("DELETE /repositories/{repository}")).isZero();
        }
    }

    @Test
    void anOutageLongerThanTheRetriesFailsRetryablyKeepsTheRestoredRepositoryAndARerunFinishes() {
        LakeFsEmulator server = w.emulator();
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(upstream(server),
                FaultInjectingProxy.Mode.LAKEFS, 3)) {
            proxy.rules(FaultRule.serverError(1).onlyMethods("GET").onlyTargets("/repositories/" + REPO
                    + "/restore\\?"));
            var services = w.services(w.client(proxied(proxy, server)));
            RestoreRequest request = request("s3://target/outage");
            assertThatThrownBy(() -> World.run(services.with(World.settings().withStepAttempts(3)),
                    new RestoreWorkflow(), request)).isInstanceOf(UnavailableException.class)
                    .satisfies(e -> assertThat(((LakeFsBackupException) e).code().exitCode()).isEqualTo(7));
            World.await("the refs restore to finish in lakeFS", () -> World.RepoView.of(w.client(server), REPO)
                    .branches().equals(source.branches()));
            assertThat(server.requestCount("DELETE /repositories/{repository}"))
                    .as("the repository holding restored refs is kept").isZero();

            proxy.clearRules();
            RestoreVerification v = World.run(services, new RestoreWorkflow(), request);
            assertThat(v.generation()).isEqualTo(generation);
            assertThat(World.RepoView.of(w.client(server), REPO)).isEqualTo(source);
            assertThat(server.requestCount("DELETE /repositories/{repository}")).isZero();
        }
    }

    private RestoreRequest request(String namespace) {
        return new RestoreRequest(BACKUP, REPO, generation, null, namespace, false);
    }

    private static URI upstream(LakeFsEmulator server) {
        return URI.create(server.endpoint()).resolve("/");
    }

    /** The emulator's API endpoint, reached through the proxy. */
    private static String proxied(FaultInjectingProxy proxy, LakeFsEmulator server) {
        return proxy.endpoint() + URI.create(server.endpoint()).getPath();
    }
}

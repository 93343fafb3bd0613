package org.lakefsbackup.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.aws.AwsFixture;
import org.lakefsbackup.aws.AwsFixtureTest;
import org.lakefsbackup.aws.AwsFunctionConfig;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.error.NotFoundException;
import org.lakefsbackup.core.error.VerificationFailedException;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;

/**
 * The plan handlers (and the backup verify handler) with an object budget ({@code LAKEFS_BACKUP_PLAN_BATCH_OBJECTS},
 * {@code LAKEFS_BACKUP_VERIFY_BATCH_OBJECTS}): called again with
 * {@code resume} until done, as the state machines' loops do, against the lakeFS emulator and embedded S3.
 */
class PlanHandlersTest extends AwsFixtureTest {

    @Test
    void aBudgetedPlanResumesFromItsCheckpointUntilDoneAndMatchesAnUnbudgetedOne() throws Exception {
        f.sample().create("budget-handlers", "s3://source/budget-handlers");
        JsonNode run = AwsFixture.invoke(new PrepareBackupHandler(s), "pb",
                Json.mapper().createObjectNode().put("repository", "budget-handlers")).get("run");
        JsonNode task = AwsFixture.invoke(new SubmitDumpHandler(s), "pb", run);
        while (!AwsFixture.invoke(new PollDumpHandler(s), "pb", task).get("done").asBoolean()) {
            Thread.onSpinWait();
        }
        JsonNode whole = AwsFixture.invoke(new PlanBackupHandler(s), "pb", run);
        assertThat(whole.get("done").asBoolean()).isTrue();
        long objects = whole.at("/plan/total_objects").asLong();
        assertThat(objects).isGreaterThan(6);

        try (FunctionServices budgeted = f.services(f.env(Map.of(AwsFunctionConfig.PLAN_BATCH_OBJECTS, "3",
                AwsFunctionConfig.VERIFY_BATCH_OBJECTS, "3")))) {
            PlanBackupHandler handler = new PlanBackupHandler(budgeted);
            JsonNode out = AwsFixture.invoke(handler, "pb", run);
            int invocations = 1;
            assertThat(out.get("done").asBoolean()).isFalse();
            assertThat(out.path("plan").isNull() || out.path("plan").isMissingNode()).isTrue();
            assertThat(out.at("/progress/total_objects").asLong()).isEqualTo(3);
            while (!out.get("done").asBoolean()) {
                JsonNode again = resume(handler, run);
                invocations++;
                assertThat(again.at("/progress/total_objects").asLong())
                        .isGreaterThan(out.at("/progress/total_objects").asLong());
                out = again;
            }
            assertThat(invocations).isEqualTo((int) Math.ceil(objects / 3.0));
            for (String field : List.of("total_objects", "total_bytes", "copy_objects", "copy_bytes")) {
                assertThat(out.at("/plan/" + field)).as(field).isEqualTo(whole.at("/plan/" + field));
            }
            assertThat(out.at("/plan/chunks").asInt()).isGreaterThanOrEqualTo(whole.at("/plan/chunks").asInt());
            assertThat(resume(handler, run).get("plan")).as("a retried last invocation returns the same plan")
                    .isEqualTo(out.get("plan"));

            JsonNode writer = copyAllAsTheDistributedMapDoes(out, "pb");
            JsonNode totals = AwsFixture.invoke(new SummarizeCopyHandler(s), "pb", Json.mapper().createObjectNode()
                    .put("bucket", writer.get("Bucket").asText()).put("key", writer.get("Key").asText())
                    .set("plan", out.get("plan")));
            assertThat(totals.at("/copy/copied").asLong()).isEqualTo(objects);
            VerifyBackupHandler verifier = new VerifyBackupHandler(budgeted);
            JsonNode verified = AwsFixture.invoke(verifier, "pb", run);
            int verifications = 1;
            assertThat(verified.get("done").asBoolean()).isFalse();
            assertThat(verified.at("/progress/checked").asLong()).isEqualTo(3);
            while (!verified.get("done").asBoolean()) {
                verified = resume(verifier, run);
                verifications++;
            }
            assertThat(verifications).isEqualTo((int) Math.ceil(objects / 3.0));
            assertThat(verified.at("/result/missing").asLong()).isZero();
            assertThat(verified.at("/result/checked").asLong()).isEqualTo(objects);
            assertThat(resume(verifier, run).get("result")).as("a retried last invocation returns the same result")
                    .isEqualTo(verified.get("result"));
            AwsFixture.invoke(new CommitGenerationHandler(s), "pb", run);
        }
    }

    @Test
    void aBudgetedVerifyOfAnIncompleteBackupFailsOnlyWhenItIsDone() {
        f.sample().create("verify-gap", "s3://source/verify-gap");
        JsonNode run = AwsFixture.invoke(new PrepareBackupHandler(s), "vg",
                Json.mapper().createObjectNode().put("repository", "verify-gap")).get("run");
        JsonNode task = AwsFixture.invoke(new SubmitDumpHandler(s), "vg", run);
        while (!AwsFixture.invoke(new PollDumpHandler(s), "vg", task).get("done").asBoolean()) {
            Thread.onSpinWait();
        }
        JsonNode plan = AwsFixture.invoke(new PlanBackupHandler(s), "vg", run);
        long objects = plan.at("/plan/total_objects").asLong();
        assertThat(objects).isGreaterThan(6);
        copyAllAsTheDistributedMapDoes(plan, "vg");
        Location held = Location.parse(run.get("backup").asText()).resolve(run.get("repository").asText())
                .resolve("objects");
        String lost;
        try (var listing = s.storage().storeFor(held).list(held, null)) {
            lost = listing.findFirst().orElseThrow().key();
        }
        s.storage().storeFor(held).delete(held.resolve(lost));
        // Verifying a new generation trusts what the copy steps recorded (finding a loss after a recorded copy is
        // the verify command's job); a chunk copied without a record (by S3 Batch Operations) is checked against a
        // listing of the backup instead. The gap is planted there.
        Location records = Location.parse(plan.at("/plan/copied_prefix").asText());
        s.storage().storeFor(records).delete(records.resolve(BackupLayout.chunkName(0)));

        try (FunctionServices budgeted = f.services(f.env(Map.of(AwsFunctionConfig.VERIFY_BATCH_OBJECTS, "3")))) {
            VerifyBackupHandler verifier = new VerifyBackupHandler(budgeted);
            JsonNode out = AwsFixture.invoke(verifier, "vg", run);
            int pendingWithTheGap = 0;
            while (true) {
                assertThat(out.get("done").asBoolean()).as("an incomplete backup never returns done").isFalse();
                assertThat(out.at("/progress/problems")).as("outputs carry no problem list").isEmpty();
                if (out.at("/progress/missing").asLong() == 1) {
                    pendingWithTheGap++;
                }
                if (out.at("/progress/checked").asLong() + 3 >= objects) {
                    break;
                }
                out = resume(verifier, run);
            }
            assertThat(pendingWithTheGap).as("the gap is carried by the checkpoint, not thrown early")
                    .isGreaterThan(0);
            assertThatThrownBy(() -> resume(verifier, run)).isInstanceOf(VerificationFailedException.class)
                    .hasMessageContaining("missing: " + lost);
            assertThatThrownBy(() -> resume(verifier, run)).as("a retried last invocation fails the same way")
                    .isInstanceOf(VerificationFailedException.class).hasMessageContaining("missing: " + lost);
        }
        assertThatThrownBy(() -> AwsFixture.invoke(new CommitGenerationHandler(s), "vg", run))
                .isInstanceOf(VerificationFailedException.class);
    }

    @Test
    void resumingAPlanThatNeverStartedIsNotFound() {
        f.sample().create("never-planned", "s3://source/never-planned");
        JsonNode run = AwsFixture.invoke(new PrepareBackupHandler(s), "np",
                Json.mapper().createObjectNode().put("repository", "never-planned")).get("run");
        JsonNode task = AwsFixture.invoke(new SubmitDumpHandler(s), "np", run);
        while (!AwsFixture.invoke(new PollDumpHandler(s), "np", task).get("done").asBoolean()) {
            Thread.onSpinWait();
        }
        assertThatThrownBy(() -> resume(new PlanBackupHandler(s), run)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("plan-progress.json");
    }

    private static JsonNode resume(StepHandler<?, ?> handler, JsonNode run) {
        ObjectNode envelope = Json.mapper().createObjectNode().put("execution_name", "pb").put("resume", true);
        envelope.set("input", run);
        return AwsFixture.invokeRaw(handler, Json.writeString(envelope));
    }
}

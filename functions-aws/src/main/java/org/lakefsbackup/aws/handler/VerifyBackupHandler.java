package org.lakefsbackup.aws.handler;

import com.fasterxml.jackson.databind.JsonNode;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.core.step.RunRef;

/** Backup step 7 (repeated until done): verifies the copied objects against the inventory. */
public final class VerifyBackupHandler extends StepHandler<RunRef, VerifyOutput> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public VerifyBackupHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public VerifyBackupHandler(FunctionServices services) {
        super("verify-backup", RunRef.class, services);
    }

    @Override
    protected VerifyOutput handle(RunRef input, FunctionServices s) {
        return handle(input, null, s);
    }

    /**
     * Verifies at most {@code LAKEFS_BACKUP_VERIFY_BATCH_OBJECTS} inventory entries: from scratch, or, when the
     * payload holds {@code "resume": true}, from where the previous invocation of this run stopped. Returns
     * {@code done: false} until every entry is checked; then the result, or VERIFICATION_FAILED naming the keys.
     */
    @Override
    protected VerifyOutput handle(RunRef input, JsonNode envelope, FunctionServices s) {
        boolean resume = envelope != null && envelope.path("resume").asBoolean(false);
        return VerifyOutput.of(s.backupSteps().verify(input, resume, s.config().verifyBatchObjects()));
    }

    @Override
    protected String repository(RunRef input) {
        return input.repository();
    }
}

package org.lakefsbackup.cli;

import java.util.concurrent.Callable;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.BackupLayout;
import org.lakefsbackup.core.model.Manifest;
import org.lakefsbackup.core.step.BackupVerifier;
import org.lakefsbackup.core.step.Generations;
import org.lakefsbackup.core.step.VerifyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code verify}: re-checks a generation in the backup store. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-check that the backup store holds every object of a generation with the recorded size "
                + "and ETag (exit code 3 when not).")
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    LakeFsBackupCommand top;

    @Mixin
    BackupSelection selection;

    @Option(names = "--generation", paramLabel = "ID", defaultValue = "latest", description = "default: latest")
    String generation;

    @Option(names = "--deep", description = "also read every object and compare its MD5 with the recorded ETag")
    boolean deep;

    @Override
    public Integer call() {
        BackupLayout layout = selection.layout();
        try (var storage = CliContext.storage(top)) {
            Manifest m = new Generations(storage).load(layout, generation);
            VerifyResult r = new BackupVerifier(storage).verify(layout, m.generation(), m.inventory(), deep);
            new Output(top).result(r, r.ok()
                    ? "generation " + r.generation() + " verified: " + r.checked() + " objects"
                    : "generation " + r.generation() + " FAILED: " + r.missing() + " missing, " + r.mismatched()
                    + " different of " + r.checked() + "\n  " + String.join("\n  ", r.problems()));
            if (!r.ok()) {
                top.err.println("error: verification failed: " + String.join("; ", r.problems().subList(0,
                        Math.min(5, r.problems().size()))));
                return ErrorCode.VERIFICATION_FAILED.exitCode();
            }
            return ExitCodes.OK;
        }
    }
}

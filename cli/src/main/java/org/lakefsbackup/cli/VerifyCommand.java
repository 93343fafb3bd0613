package org.lakefsbackup.cli;

import java.util.List;
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

    /** The {@code --json} result; {@code problems} names at most 100 keys. */
    record Summary(String repository, String generation, boolean deep, boolean verified, long checked, long missing,
                   long mismatched, List<String> problems) {
    }

    @Override
    public Integer call() {
        BackupLayout layout = selection.layout();
        try (var storage = CliContext.storage(top)) {
            Manifest m = new Generations(storage).load(layout, generation);
            VerifyResult r = new BackupVerifier(storage).verify(layout, m.generation(), m.inventory(), deep);
            top.console.result(new Summary(selection.repository, r.generation(), deep, r.ok(), r.checked(),
                    r.missing(), r.mismatched(), r.problems()), r.ok()
                    ? "generation " + r.generation() + " verified: " + r.checked() + " objects"
                    : "generation " + r.generation() + ": " + r.missing() + " missing, " + r.mismatched()
                    + " different of " + r.checked() + "\n  " + String.join("\n  ", r.problems()));
            if (!r.ok()) {
                return top.console.failed(null, ErrorCode.VERIFICATION_FAILED.exception("generation "
                        + r.generation() + " of " + selection.repository + " does not match its inventory: "
                        + r.missing() + " missing, " + r.mismatched() + " different"
                        + (r.problems().isEmpty() ? "" : " (first: " + r.problems().get(0) + ")")));
            }
            return ExitCodes.OK;
        }
    }
}

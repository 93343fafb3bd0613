package org.lakefsbackup.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code completion}: a shell completion script generated from the command model (picocli's AutoComplete). */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash or zsh, generated from the commands and options.",
                "bash: source <(lakefs-backup completion bash)   (or save it under /etc/bash_completion.d/)",
                "zsh:  source <(lakefs-backup completion zsh)    (in ~/.zshrc)"})
final class CompletionCommand implements Callable<Integer> {
    /** The shells the script serves: zsh runs the bash script through bashcompinit. */
    enum Shell { BASH, ZSH }

    @ParentCommand
    LakeFsBackupCommand top;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    /** The {@code --json} result. */
    record Result(String shell, String script) {
    }

    @Override
    public Integer call() {
        String name = spec.root().name();
        String script = AutoComplete.bash(name, spec.root().commandLine());
        if (shell == Shell.ZSH) {
            script = "# zsh: completion through bashcompinit\n"
                    + "autoload -U +X compinit && compinit\n"
                    + "autoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        top.console.result(new Result(shell.name().toLowerCase(java.util.Locale.ROOT), script), script);
        return ExitCodes.OK;
    }
}

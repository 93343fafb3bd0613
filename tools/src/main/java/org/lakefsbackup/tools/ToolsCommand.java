package org.lakefsbackup.tools;

import java.io.PrintWriter;
import java.util.Map;
import org.lakefsbackup.cli.BuildInfo;
import org.lakefsbackup.cli.CommandLines;
import org.lakefsbackup.cli.Console;
import org.lakefsbackup.cli.DisplayOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The top-level tools command: what runs the product against the test kit (the lakeFS emulator and an embedded S3
 * server) and is therefore not part of the product jar.
 */
@Command(name = "lakefs-backup-tools", mixinStandardHelpOptions = true, versionProvider = ToolsCommand.Version.class,
        description = "Try and measure lakefs-backup without a lakeFS or a cloud account (not the product: "
                + "the product is lakefs-backup-all.jar).",
        subcommands = {DemoCommand.class, EmulatorCommand.class, BenchCommand.class})
final class ToolsCommand {
    @Mixin
    DisplayOptions display;

    Map<String, String> env = Map.of();
    Console console;

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        ToolsCommand top = new ToolsCommand();
        top.env = Map.copyOf(env);
        top.console = new Console(out, err);
        top.display = new DisplayOptions(top.console);
        return CommandLines.configure(new CommandLine(top), top.console, () -> { });
    }

    /** A progress line on stderr, unless --quiet. */
    void progress(String line) {
        if (!console.quiet()) {
            console.err().println(line);
            console.err().flush();
        }
    }

    /** The version from the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.current().describe("lakefs-backup-tools")};
        }
    }
}

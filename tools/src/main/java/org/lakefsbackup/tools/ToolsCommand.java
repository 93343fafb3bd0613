package org.lakefsbackup.tools;

import java.io.PrintWriter;
import java.util.Map;
import org.lakefsbackup.cli.BuildInfo;
import org.lakefsbackup.cli.CommandLines;
import org.lakefsbackup.cli.Console;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The top-level tools command: what runs the product against the test kit (the lakeFS emulator and an embedded S3
 * server) and is therefore not part of the product jar.
 */
@Command(name = "lakefs-backup-tools", mixinStandardHelpOptions = true, versionProvider = ToolsCommand.Version.class,
        description = "Try and measure lakefs-backup without a lakeFS or a cloud account (not the product: "
                + "the product is lakefs-backup-all.jar).",
        subcommands = {DemoCommand.class, EmulatorCommand.class, BenchCommand.class})
final class ToolsCommand {
    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "no progress on stderr")
    void quiet(boolean on) {
        console.quiet(on);
    }

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print one JSON document on stdout")
    void json(boolean on) {
        console.json(on);
    }

    /** -v logs milestones (INFO), -vv every object (DEBUG) and stack traces. */
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "log milestones on stderr; twice for per-object detail and stack traces")
    void verbose(boolean[] flags) {
        console.verbosity(flags.length);
    }

    Map<String, String> env = Map.of();
    Console console;

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        ToolsCommand top = new ToolsCommand();
        top.env = Map.copyOf(env);
        top.console = new Console(out, err);
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

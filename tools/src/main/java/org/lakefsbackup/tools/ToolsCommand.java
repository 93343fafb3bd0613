package org.lakefsbackup.tools;

import java.io.PrintWriter;
import java.util.Map;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.step.ToolVersion;
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
    boolean quiet;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print a machine-readable result on stdout")
    boolean json;

    /** -v logs milestones (INFO), -vv every object (DEBUG). */
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "log milestones on stderr; twice for per-object detail")
    void verbose(boolean[] flags) {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger("org.lakefsbackup");
        logger.setLevel(flags.length > 1 ? ch.qos.logback.classic.Level.DEBUG : ch.qos.logback.classic.Level.INFO);
    }

    Map<String, String> env = Map.of();
    PrintWriter out;
    PrintWriter err;

    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
        ToolsCommand top = new ToolsCommand();
        top.env = Map.copyOf(env);
        top.out = out;
        top.err = err;
        CommandLine cl = new CommandLine(top);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof LakeFsBackupException lbe) {
                err.println("error: " + lbe.getMessage());
                err.flush();
                return lbe.code().exitCode();
            }
            err.println("error: " + e);
            e.printStackTrace(err);
            err.flush();
            return 1;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            err.println("error: " + e.getMessage());
            err.println("see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            err.flush();
            return 2;
        });
        return cl;
    }

    /** Prints a command's result: JSON with {@code --json}, else the readable text. */
    void result(Object json, String human) {
        out.println(this.json ? Json.writeString(json) : human);
        out.flush();
    }

    void progress(String line) {
        if (!quiet) {
            err.println(line);
            err.flush();
        }
    }

    /** The version from the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lakefs-backup-tools " + ToolVersion.get()};
        }
    }
}

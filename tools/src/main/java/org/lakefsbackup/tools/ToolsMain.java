package org.lakefsbackup.tools;

import java.io.PrintWriter;
import java.util.Map;

/** The {@code lakefs-backup-tools} command: demo, emulator and bench, outside the product jar. */
public final class ToolsMain {
    private ToolsMain() {
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), args));
    }

    /** Runs the tools' command line with the given streams and environment; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        return ToolsCommand.commandLine(out, err, env).execute(args);
    }
}

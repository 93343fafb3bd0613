package org.lakefsbackup.cli;

import java.io.PrintWriter;

/** The {@code lakefs-backup} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Interruption.report(System.err), "interrupted"));
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), args));
    }

    /** Runs the command line with the given streams and environment; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, java.util.Map<String, String> env, String... args) {
        return LakeFsBackupCommand.commandLine(out, err, env).execute(args);
    }
}

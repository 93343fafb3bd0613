package org.lakefsbackup.cli;

import java.io.PrintStream;

/**
 * What to tell a user who stops a command with Ctrl-C (or whose process is terminated): that it stopped before it
 * finished and, for commands that resume, how. {@link Main#main} reports it from a shutdown hook; a command that
 * ended by itself reports nothing.
 */
final class Interruption {
    /** A command that can say how to resume it after an interruption. */
    interface Resumable {
        /** One sentence: how to continue, e.g. "run the same command again: ...". */
        String resumeHint();
    }

    private static volatile String running;
    private static volatile String hint;

    private Interruption() {
    }

    static void started(String command, Object userObject) {
        hint = userObject instanceof Resumable r ? r.resumeHint() : null;
        running = command;
    }

    static void finished() {
        running = null;
    }

    /** Prints the notice if a command was still running; called from the shutdown hook. */
    static void report(PrintStream err) {
        String command = running;
        if (command != null) {
            err.println();
            err.println("interrupted: " + command + " stopped before it finished"
                    + (hint != null ? "; " + hint : ""));
            err.flush();
        }
    }
}

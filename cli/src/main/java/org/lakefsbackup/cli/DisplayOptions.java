package org.lakefsbackup.cli;

import java.util.Objects;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options that choose what an invocation prints ({@code --json}, {@code --quiet}, {@code -v}), given before or
 * after the sub-command; they set the invocation's {@link Console}. A mixin of the product's and the tools' top
 * commands, which set the instance before picocli reads it.
 */
public final class DisplayOptions {
    private final Console console;

    public DisplayOptions(Console console) {
        this.console = Objects.requireNonNull(console, "console");
    }

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, description = "no progress on stderr")
    void quiet(boolean on) {
        console.quiet(on);
    }

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "print one JSON document on stdout (docs/json-output.md), errors included")
    void json(boolean on) {
        console.json(on);
    }

    /** -v logs milestones (INFO), -vv every object (DEBUG) and stack traces. */
    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "log milestones on stderr; twice for per-object detail and stack traces")
    void verbose(boolean[] flags) {
        console.verbosity(flags.length);
    }
}

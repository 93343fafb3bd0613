package org.lakefsbackup.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.PrintWriter;
import java.util.Objects;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.model.Json;

/**
 * One invocation's terminal. Results go to stdout: readable text, or with {@code --json} exactly one JSON
 * {@link Envelope} when the command ends. Progress, warnings and errors go to stderr, each once: in JSON mode the
 * error is in the envelope instead. Not thread-safe except {@link #warn} and {@link #err()}, which progress uses from
 * copy threads.
 */
public final class Console {
    private final PrintWriter out;
    private final PrintWriter err;
    private boolean json;
    private boolean quiet;
    private int verbosity;
    private Object result;
    private boolean published;
    private Failure firstFailure;

    public Console(PrintWriter out, PrintWriter err) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /**
     * What every command prints with {@code --json}: the command's name, whether it succeeded, its exit code, the
     * (first) error and the command's result, which may be partial when it failed. Documented in
     * {@code docs/json-output.md} and {@code docs/json-output.schema.json}.
     *
     * @param command  the sub-command, e.g. {@code backup}, {@code restore-refs}; the program's name when none was
     *                 given
     * @param ok       {@code exitCode == 0}
     * @param exitCode the process's exit code (README "Exit codes")
     * @param error    the failure, or null when ok
     * @param result   what the command did, or null when it stopped before it had anything to report
     */
    public record Envelope(String command, boolean ok, int exitCode,
                           @JsonInclude(JsonInclude.Include.ALWAYS) Error error,
                           @JsonInclude(JsonInclude.Include.ALWAYS) Object result) {
        public Envelope {
            Objects.requireNonNull(command, "command");
            if (ok != (exitCode == 0) || ok != (error == null)) {
                throw new IllegalArgumentException("ok, exit code and error disagree");
            }
        }
    }

    /**
     * A failure as scripts see it.
     *
     * @param code      the {@link ErrorCode} name, e.g. {@code NOT_FOUND}
     * @param message   one line for a person
     * @param retryable whether running the same command again, unchanged, may succeed
     */
    public record Error(String code, String message, boolean retryable) {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        static Error of(Failure f) {
            return new Error(f.code().name(), f.message(), f.code().retryable());
        }
    }

    /** A failure: its code, the line a person reads, and the throwable behind it (for {@code -vv}), if any. */
    record Failure(ErrorCode code, String message, Throwable cause) {
        Failure {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        Failure about(String subject) {
            return subject == null ? this : new Failure(code, subject + " failed: " + message, cause);
        }
    }

    public boolean json() {
        return json;
    }

    public boolean quiet() {
        return quiet;
    }

    public int verbosity() {
        return verbosity;
    }

    /** {@code --json}: one JSON envelope on stdout instead of text. */
    public void json(boolean on) {
        json = on;
    }

    /** {@code --quiet}: no progress. */
    public void quiet(boolean on) {
        quiet = on;
    }

    /** {@code -v} (1) or {@code -vv} (2): log milestones, then per-object detail and stack traces. */
    public void verbosity(int level) {
        verbosity = level;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    /**
     * The command's result: kept for the JSON envelope, and in text mode {@code human} printed now (null when the
     * command printed its lines as it went).
     */
    public void result(Object data, String human) {
        result = data;
        if (human != null) {
            say(human);
        }
    }

    /**
     * For a command that runs until it is stopped (a server): its result now, as the success envelope in JSON
     * mode; when it then ends without error, nothing more is printed.
     */
    public void publish(String command, Object data, String human) {
        result = data;
        if (json) {
            out.println(Json.writeString(new Envelope(command, true, 0, null, data)));
            out.flush();
            published = true;
        } else {
            say(human);
        }
    }

    /** A line of text on stdout for a person; nothing in JSON mode, where only the envelope goes to stdout. */
    public void say(String line) {
        if (!json) {
            out.println(line);
            out.flush();
        }
    }

    /** A warning on stderr, once. */
    public void warn(String message) {
        synchronized (err) {
            err.println("warning: " + message);
            err.flush();
        }
    }

    /**
     * One failure of a command that goes on (one repository of several): one error line on stderr in text mode;
     * the first one becomes the envelope's error and the exit code.
     *
     * @param subject what failed, e.g. {@code "backup of my-repo"}, or null when the message says it
     * @return the exit code so far: the first failure's
     */
    public int failed(String subject, LakeFsBackupException e) {
        Failure failure = Failures.of(e).about(subject);
        if (firstFailure == null) {
            firstFailure = failure;
        }
        if (!json) {
            printError(failure);
        }
        return firstFailure.code().exitCode();
    }

    /** Progress on stderr for one repository's run (silent with {@code --quiet} or {@code --json}). */
    public ConsoleProgress progress(String repository) {
        return new ConsoleProgress(err, quiet, repository);
    }

    /**
     * Ends the invocation: for a thrown failure, one error line (text) or the envelope's error (JSON); in JSON mode
     * the envelope. Returns the exit code.
     */
    int finish(String command, int exitCode, Failure thrown) {
        Failure failure = thrown != null ? thrown : firstFailure;
        int exit = thrown != null ? thrown.code().exitCode() : exitCode;
        if (exit != 0 && failure == null) {
            failure = new Failure(ErrorCode.INTERNAL, command + " failed with exit code " + exit, null);
        }
        if (json && !(published && exit == 0)) {
            Envelope envelope = new Envelope(command, exit == 0, exit, exit == 0 ? null : Error.of(failure), result);
            out.println(Json.writeString(envelope));
            out.flush();
        } else if (thrown != null) {
            printError(thrown);
        }
        if (failure != null && failure.cause() != null && verbosity >= 2) {
            failure.cause().printStackTrace(err);
            err.flush();
        }
        return exit;
    }

    private void printError(Failure failure) {
        err.println("error: " + failure.message());
        err.flush();
    }
}

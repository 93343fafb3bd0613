package org.lakefsbackup.cli;

import org.lakefsbackup.core.error.ErrorCode;

/**
 * The CLI's own exit codes; every failure code comes from {@link ErrorCode#exitCode()} (README "Exit codes").
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** An unexpected exception, not one of the core's. */
    public static final int FAILED = 1;
    /** A command line picocli cannot parse; the same code as {@link ErrorCode#INVALID_INPUT}. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }

    /** For commands that go on after a failure: the exit code so far, or the new failure's if it is the first. */
    public static int firstFailure(int soFar, ErrorCode failure) {
        return soFar == OK ? failure.exitCode() : soFar;
    }
}

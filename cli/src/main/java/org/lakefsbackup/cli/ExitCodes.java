package org.lakefsbackup.cli;

import org.lakefsbackup.core.error.ErrorCode;

/** The CLI's documented exit codes (README "Exit codes"). */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int VERIFICATION_FAILED = 3;
    public static final int NOT_FOUND = 4;
    public static final int CONFLICT = 5;
    public static final int UNAUTHORIZED = 6;
    public static final int UNAVAILABLE = 7;
    public static final int INVALID_BACKUP_DATA = 8;

    private ExitCodes() {
    }

    public static int of(ErrorCode code) {
        return code.exitCode();
    }
}

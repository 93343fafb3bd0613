package org.lakefsbackup.core.store.local;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;

/** Translates file-system exceptions into the core's error codes. */
final class LocalErrors {
    private LocalErrors() {
    }

    /** A symbolic link or another non-regular file where an object or directory was expected: never followed. */
    static LakeFsBackupException notRegular(java.nio.file.Path path, String what) {
        return ErrorCode.INVALID_MANIFEST.exception("refusing " + path + " (for " + what + "): it is a symbolic link "
                + "or another non-regular file, which lakefs-backup never follows or copies");
    }

    static LakeFsBackupException map(IOException e, String what) {
        String message = what + " failed: " + e;
        if (e instanceof NoSuchFileException) {
            return ErrorCode.NOT_FOUND.exception(message, e);
        }
        if (e instanceof AccessDeniedException) {
            return ErrorCode.UNAUTHORIZED.exception(message, e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return ErrorCode.CONFLICT.exception(message, e);
        }
        return ErrorCode.UNAVAILABLE.exception(message, e);
    }
}

package org.lakefsbackup.core.store.local;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;

/**
 * Translates file-system exceptions into the core's error codes: a missing file is {@code NOT_FOUND}; a permission
 * refused (EACCES, EPERM) or a read-only file system {@code UNAUTHORIZED}; a path through a file or a directory where
 * a file belongs (the location is the wrong kind of thing) {@code INVALID_INPUT}; an existing file {@code CONFLICT};
 * anything else (I/O errors, a full disk) {@code UNAVAILABLE}.
 */
public final class LocalErrors {
    private LocalErrors() {
    }

    /** A symbolic link or another non-regular file where an object or directory was expected: never followed. */
    static LakeFsBackupException notRegular(java.nio.file.Path path, String what) {
        return ErrorCode.INVALID_MANIFEST.exception("refusing " + path + " (for " + what + "): it is a symbolic link "
                + "or another non-regular file, which lakefs-backup never follows or copies");
    }

    /** @param what what was being done, e.g. {@code "writing /x/y"} */
    public static LakeFsBackupException map(IOException e, String what) {
        String message = what + " failed: " + e;
        if (e instanceof NoSuchFileException) {
            return ErrorCode.NOT_FOUND.exception(message, e);
        }
        if (e instanceof AccessDeniedException denied) {
            return ErrorCode.UNAUTHORIZED.exception(what + " failed: permission denied: " + denied.getFile(), e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return ErrorCode.CONFLICT.exception(message, e);
        }
        if (e instanceof NotDirectoryException || e instanceof DirectoryNotEmptyException) {
            return ErrorCode.INVALID_INPUT.exception(message, e);
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            // The JDK reports these errno values as a plain FileSystemException with strerror's text.
            switch (fs.getReason()) {
                case "Operation not permitted", "Read-only file system", "Permission denied" -> {
                    return ErrorCode.UNAUTHORIZED.exception(what + " failed: permission denied: " + fs.getFile()
                            + " (" + fs.getReason() + ")", e);
                }
                case "Not a directory", "Is a directory" -> {
                    return ErrorCode.INVALID_INPUT.exception(what + " failed: " + fs.getFile()
                            + " is not a directory, or a path through it is a file: " + fs.getReason(), e);
                }
                default -> {
                    // below
                }
            }
        }
        return ErrorCode.UNAVAILABLE.exception(message, e);
    }
}

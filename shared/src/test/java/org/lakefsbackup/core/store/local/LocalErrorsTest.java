package org.lakefsbackup.core.store.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * The file system's errors as the JDK reports them (the errno text in a plain {@link FileSystemException} where the
 * JDK has no subclass) map to the documented exit codes: permission 6, wrong kind of location 2. These cannot all be
 * produced for real here: the tests run as root, for whom permission bits do not apply.
 */
class LocalErrorsTest {
    record Case(IOException error, ErrorCode code) {
        @Override
        public String toString() {
            return error + " -> " + code;
        }
    }

    static Case[] cases() {
        return new Case[] {
            new Case(new AccessDeniedException("/backups/x"), ErrorCode.UNAUTHORIZED),
            new Case(new FileSystemException("/backups/x", null, "Permission denied"), ErrorCode.UNAUTHORIZED),
            new Case(new FileSystemException("/backups/x", null, "Operation not permitted"), ErrorCode.UNAUTHORIZED),
            new Case(new FileSystemException("/backups/x", null, "Read-only file system"), ErrorCode.UNAUTHORIZED),
            new Case(new FileSystemException("/etc/hostname/r", null, "Not a directory"), ErrorCode.INVALID_INPUT),
            new Case(new NotDirectoryException("/etc/hostname"), ErrorCode.INVALID_INPUT),
            new Case(new FileSystemException("/backups", null, "Is a directory"), ErrorCode.INVALID_INPUT),
            new Case(new NoSuchFileException("/backups/x"), ErrorCode.NOT_FOUND),
            new Case(new FileSystemException("/backups/x", null, "No space left on device"), ErrorCode.UNAVAILABLE),
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsToTheDocumentedCode(Case c) {
        var e = LocalErrors.map(c.error(), "writing /backups/x");
        assertThat(e.code()).isEqualTo(c.code());
        assertThat(e.getMessage()).startsWith("writing /backups/x failed: ");
        assertThat(e.getCause()).isSameAs(c.error());
    }
}

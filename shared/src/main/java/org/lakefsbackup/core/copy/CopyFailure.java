package org.lakefsbackup.core.copy;

import java.util.Objects;
import org.lakefsbackup.core.error.ErrorCode;

/** One object that could not be copied, reported as data. */
public record CopyFailure(String key, ErrorCode code, String message) {
    public CopyFailure {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(code, "code");
        message = message == null ? "" : message;
    }
}

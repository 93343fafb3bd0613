package org.lakefsbackup.core.model;

import java.util.regex.Pattern;
import org.lakefsbackup.core.error.ErrorCode;

/** Validation of lakeFS names, with lakeFS's own rules (pkg/validator). */
public final class RepositoryName {
    private static final Pattern REPOSITORY = Pattern.compile("^[a-z0-9][a-z0-9-]{2,62}$");
    private static final Pattern BRANCH = Pattern.compile("^\\w[-\\w]*$");

    private RepositoryName() {
    }

    /** Returns the name if it is a valid lakeFS repository id, else throws INVALID_INPUT saying why. */
    public static String require(String name) {
        if (name == null || name.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("a repository name is required");
        }
        if (!REPOSITORY.matcher(name).matches()) {
            throw ErrorCode.INVALID_INPUT.exception("invalid repository name '" + name + "': lakeFS repository names are "
                    + "3-63 characters of lowercase letters, digits and '-', starting with a letter or digit");
        }
        return name;
    }

    /** Whether {@code name} is a valid lakeFS repository id. */
    public static boolean isValid(String name) {
        return name != null && REPOSITORY.matcher(name).matches();
    }

    /** Returns the name if it is a valid lakeFS branch id, else throws INVALID_INPUT. */
    public static String requireBranch(String name) {
        if (name == null || !BRANCH.matcher(name).matches()) {
            throw ErrorCode.INVALID_INPUT.exception("invalid branch name '" + name + "': letters, digits, '_' and '-', "
                    + "not starting with '-'");
        }
        return name;
    }
}

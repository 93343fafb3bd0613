package org.lakefsbackup.core.lakefs;

import java.util.regex.Pattern;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * The three meta-range IDs a refs dump produces: the {@code refs} object of a lakefs-refs.py manifest. lakeFS
 * silently restores nothing from empty IDs, so each must be a 64-character lowercase hex SHA-256.
 */
public record MetaRangeIds(String commitsMetaRangeId, String tagsMetaRangeId, String branchesMetaRangeId) {
    private static final Pattern ID = Pattern.compile("^[0-9a-f]{64}$");

    public MetaRangeIds {
        check("commits_meta_range_id", commitsMetaRangeId);
        check("tags_meta_range_id", tagsMetaRangeId);
        check("branches_meta_range_id", branchesMetaRangeId);
    }

    private static void check(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ErrorCode.INVALID_MANIFEST.exception(field + " is missing or empty; lakeFS would restore nothing");
        }
        if (!ID.matcher(value).matches()) {
            throw ErrorCode.INVALID_MANIFEST.exception(field + " '" + value + "' is not a 64-character hex meta-range ID");
        }
    }
}

package org.lakefsbackup.testkit.lakefs;

/** The three metarange ids of a refs dump ({@code RefsDump}). Fields may be {@code null} in a partial dump. */
record RefsIds(String commitsMetaRangeId, String tagsMetaRangeId, String branchesMetaRangeId) {
}

package org.lakefsbackup.core.step;

import org.lakefsbackup.core.lakefs.MetaRangeIds;

/** A finished dump: the meta-range IDs and the refs as they were when it finished. */
record DumpResult(MetaRangeIds refs, RefsSnapshot snapshot, boolean consistent) {
}

/**
 * Real servers for the real-lakeFS test lane, run as child processes: lakeFS ({@link
 * org.lakefsbackup.testkit.real.RealLakeFs}) and MinIO ({@link org.lakefsbackup.testkit.real.MinioServer}), built
 * from the Go module proxy by {@code testkit/real/build-servers.sh} into a per-version cache
 * ({@link org.lakefsbackup.testkit.real.ServerBinaries}). Tests that need a binary that cannot be built are skipped
 * with a JUnit assumption naming the reason.
 */
package org.lakefsbackup.testkit.real;

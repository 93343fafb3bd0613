package org.lakefsbackup.testkit.lakefs;

/** {@link LakeFsRepositoryContract} against real lakeFS (skipped when it cannot be built). */
class RealLakeFsRepositoryTest extends LakeFsRepositoryContract {
    @Override
    EmulatorFixture newFixture() {
        return EmulatorFixture.realLakeFs();
    }
}

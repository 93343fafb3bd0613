package org.lakefsbackup.testkit.lakefs;

/** {@link LakeFsHttpContract} against real lakeFS (skipped when it cannot be built). */
class RealLakeFsHttpTest extends LakeFsHttpContract {
    @Override
    EmulatorFixture newFixture() {
        return EmulatorFixture.realLakeFs();
    }
}

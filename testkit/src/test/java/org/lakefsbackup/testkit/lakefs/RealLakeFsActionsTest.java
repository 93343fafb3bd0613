package org.lakefsbackup.testkit.lakefs;

/** {@link LakeFsActionsContract} against real lakeFS (skipped when it cannot be built). */
class RealLakeFsActionsTest extends LakeFsActionsContract {
    @Override
    EmulatorFixture newFixture() {
        return EmulatorFixture.realLakeFs();
    }
}

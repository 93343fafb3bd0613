package org.lakefsbackup.testkit.lakefs;

/** {@link LakeFsDumpRestoreContract} against real lakeFS (skipped when it cannot be built). */
class RealLakeFsDumpRestoreTest extends LakeFsDumpRestoreContract {
    @Override
    EmulatorFixture newFixture() {
        return EmulatorFixture.realLakeFs();
    }
}

package org.lakefsbackup.testkit.lakefs;

/** {@link LakeFsObjectsContract} against real lakeFS (skipped when it cannot be built). */
class RealLakeFsObjectsTest extends LakeFsObjectsContract {
    @Override
    EmulatorFixture newFixture() {
        return EmulatorFixture.realLakeFs();
    }
}

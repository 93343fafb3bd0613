package org.lakefsbackup.testkit.lakefs;

/** {@link LakeFsHttpContract} against the emulator. */
class LakeFsEmulatorHttpTest extends LakeFsHttpContract {
    @Override
    EmulatorFixture newFixture() {
        return new EmulatorFixture();
    }
}

package org.lakefsbackup.testkit.lakefs;

/** {@link LakeFsObjectsContract} against the emulator. */
class LakeFsEmulatorObjectsTest extends LakeFsObjectsContract {
    @Override
    EmulatorFixture newFixture() {
        return new EmulatorFixture();
    }
}

package org.lakefsbackup.testkit.lakefs;

/** {@link LakeFsDumpRestoreContract} against the emulator. */
class LakeFsEmulatorDumpRestoreTest extends LakeFsDumpRestoreContract {
    @Override
    EmulatorFixture newFixture() {
        return new EmulatorFixture();
    }
}

package org.lakefsbackup.testkit.lakefs;

/** {@link LakeFsActionsContract} against the emulator. */
class LakeFsEmulatorActionsTest extends LakeFsActionsContract {
    @Override
    EmulatorFixture newFixture() {
        return new EmulatorFixture();
    }
}

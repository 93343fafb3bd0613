package org.lakefsbackup.testkit.lakefs;

/** {@link LakeFsRepositoryContract} against the emulator. */
class LakeFsEmulatorRepositoryTest extends LakeFsRepositoryContract {
    @Override
    EmulatorFixture newFixture() {
        return new EmulatorFixture();
    }
}

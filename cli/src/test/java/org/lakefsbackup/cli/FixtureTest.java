package org.lakefsbackup.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Starts one {@link Fixture} (S3 server, two lakeFS emulators) per test class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FixtureTest {
    Path tmp;
    Fixture f;

    @BeforeAll
    void startFixture() throws IOException {
        tmp = Files.createTempDirectory("lakefs-backup-e2e");
        f = new Fixture(tmp);
    }

    @AfterAll
    void stopFixture() {
        f.close();
    }
}

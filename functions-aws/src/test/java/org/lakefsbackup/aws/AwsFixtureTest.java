package org.lakefsbackup.aws;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Starts one {@link AwsFixture} (lakeFS emulator, embedded S3, function services) per test class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AwsFixtureTest {
    protected AwsFixture f;
    protected FunctionServices s;

    @BeforeAll
    void startFixture() {
        f = new AwsFixture();
        s = f.services;
    }

    @AfterAll
    void stopFixture() {
        f.close();
    }
}

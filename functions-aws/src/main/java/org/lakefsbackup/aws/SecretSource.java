package org.lakefsbackup.aws;

/** Where the lakeFS credentials come from: Secrets Manager in Lambda, a constant in tests. */
@FunctionalInterface
public interface SecretSource {
    /** The credentials; implementations may fetch them remotely, callers cache them. */
    LakeFsSecret fetch();
}

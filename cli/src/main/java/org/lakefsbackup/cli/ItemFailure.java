package org.lakefsbackup.cli;

import org.lakefsbackup.core.error.LakeFsBackupException;

/**
 * One item of a command over several (a repository of {@code backup --all}, a manifest of {@code restore-refs})
 * that failed while the others went on, in the {@code --json} result.
 *
 * @param name  the repository or file
 * @param error why
 */
record ItemFailure(String name, Console.Error error) {
    static ItemFailure of(String name, LakeFsBackupException e) {
        return new ItemFailure(name, Console.Error.of(Failures.of(e)));
    }
}

package org.lakefsbackup.aws.handler;

import java.util.List;

/** Input and output of the list function: the repositories to back up; an empty input list means all of them. */
public record RepositoryList(List<String> repositories) {
    public RepositoryList {
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
    }
}

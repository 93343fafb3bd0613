package org.lakefsbackup.core.trigger;

import java.util.Set;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.model.RepositoryName;

/**
 * The body lakeFS posts to a webhook hook of an action (the fields this project reads; lakeFS sends more, e.g.
 * {@code commit_message}, {@code committer}, {@code commit_metadata}, which are ignored).
 *
 * @param eventType    {@code post-commit}, {@code post-merge}... (only {@link #TRIGGERING} types start backups)
 * @param eventTime    when lakeFS raised the event, as lakeFS wrote it
 * @param actionName   the action's {@code name} in the actions file
 * @param hookId       the hook's {@code id} in the actions file
 * @param repositoryId the repository
 * @param branchId     the branch committed or merged into
 * @param sourceRef    the merge's source (empty for a commit)
 * @param commitId     the new commit (the merge commit for a merge)
 * @param runId        lakeFS's id of this action run (unique per event and action)
 */
public record LakeFsEvent(String eventType, String eventTime, String actionName, String hookId, String repositoryId,
                          String branchId, String sourceRef, String commitId, String runId) {
    /** The event types after which a backup is useful: the branch moved to a new commit. */
    public static final Set<String> TRIGGERING = Set.of("post-commit", "post-merge");

    public LakeFsEvent {
        if (eventType == null || eventType.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("the lakeFS event has no event_type");
        }
        if (repositoryId == null || !RepositoryName.isValid(repositoryId)) {
            throw ErrorCode.INVALID_INPUT.exception("the lakeFS event has no valid repository_id");
        }
        if (branchId == null || branchId.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("the lakeFS event has no branch_id");
        }
        eventTime = eventTime == null ? "" : eventTime;
        actionName = actionName == null ? "" : actionName;
        hookId = hookId == null ? "" : hookId;
        sourceRef = sourceRef == null ? "" : sourceRef;
        commitId = commitId == null ? "" : commitId;
        runId = runId == null ? "" : runId;
    }

    /** Parses a webhook body; INVALID_INPUT when it is not a lakeFS event. */
    public static LakeFsEvent parse(byte[] body) {
        return Json.read(body, LakeFsEvent.class, ErrorCode.INVALID_INPUT, "the webhook body");
    }

    /** Whether this event moves a branch (and may start a backup). */
    public boolean triggering() {
        return TRIGGERING.contains(eventType);
    }
}

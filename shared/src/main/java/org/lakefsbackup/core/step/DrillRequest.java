package org.lakefsbackup.core.step;

import java.time.Instant;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.GenerationId;
import org.lakefsbackup.core.model.RepositoryName;
import org.lakefsbackup.core.store.Location;

/**
 * Input of the drill workflow and of its first step: restore a generation of {@code repository} into a temporary
 * repository named {@code name} and a fresh namespace under {@code namespacePrefix}, verify it, remove it again and
 * record the result beside the generation.
 *
 * @param backup          the backup location
 * @param repository      the backed-up repository
 * @param generation      {@code latest} (default), {@code rotate} (the generation whose last drill is the oldest,
 *                        never-drilled ones first, older generations first among equals), a generation id or a unique
 *                        prefix of one
 * @param name            the drill's name, which is also the temporary repository's name (default
 *                        {@code drill-<repository>}); never the backed-up repository's own name
 * @param namespacePrefix where temporary namespaces go: a drill restores into {@code <prefix>/<name>/<run id>}, and
 *                        deletes there only what it copied
 * @param sampleObjects   objects of the generation read back and compared with their recorded checksums
 *                        ({@value #DEFAULT_SAMPLE} by default)
 * @param runId           the run (an execution name, a process's id); {@code null} until the workflow fills it in
 * @param startedAt       when the run started; {@code null} until filled in
 */
public record DrillRequest(String backup, String repository, String generation, String name, String namespacePrefix,
                           int sampleObjects, String runId, Instant startedAt) {
    /** Objects a drill reads back by default. */
    public static final int DEFAULT_SAMPLE = 32;
    /** The most objects a drill reads back. */
    public static final int MAX_SAMPLE = 10_000;
    /** The generation selector that rotates through the generations. */
    public static final String ROTATE = "rotate";

    public DrillRequest {
        if (backup == null || backup.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("a backup location is required");
        }
        Location.parse(backup);
        RepositoryName.require(repository);
        if (generation == null || generation.isBlank()) {
            generation = "latest";
        }
        if (!generation.equals("latest") && !generation.equals(ROTATE) && !GenerationId.isPrefix(generation)) {
            throw ErrorCode.INVALID_INPUT.exception("invalid generation '" + generation + "': latest, rotate, a "
                    + "generation id or the start of one");
        }
        name = name == null || name.isBlank() ? defaultName(repository) : name;
        RepositoryName.require(name);
        if (name.equals(repository)) {
            throw ErrorCode.INVALID_INPUT.exception("a drill restores into a temporary repository of its own; its "
                    + "name must not be the backed-up repository's ('" + repository + "')");
        }
        if (namespacePrefix == null || namespacePrefix.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("a namespace prefix for the drill's temporary namespaces is "
                    + "required");
        }
        Location.parse(namespacePrefix);
        sampleObjects = sampleObjects == 0 ? DEFAULT_SAMPLE : sampleObjects;
        if (sampleObjects < 0 || sampleObjects > MAX_SAMPLE) {
            throw ErrorCode.INVALID_INPUT.exception("a drill reads back 1 to " + MAX_SAMPLE + " objects, not "
                    + sampleObjects);
        }
        if (runId != null) {
            RunRef.requireId("run id", runId);
        }
    }

    /** A request the workflow will give a run id and start time. */
    public DrillRequest(String backup, String repository, String generation, String name, String namespacePrefix) {
        this(backup, repository, generation, name, namespacePrefix, 0, null, null);
    }

    /** {@code drill-<repository>}, cut to lakeFS's 63 characters. */
    public static String defaultName(String repository) {
        String name = "drill-" + repository;
        if (name.length() > 63) {
            name = name.substring(0, 63);
        }
        return name.endsWith("-") ? name.substring(0, name.length() - 1) + "x" : name;
    }

    /** This request with the run id and start time set where missing. */
    public DrillRequest started(String id, Instant at) {
        return new DrillRequest(backup, repository, generation, name, namespacePrefix, sampleObjects,
                runId != null ? runId : id, startedAt != null ? startedAt : at);
    }
}

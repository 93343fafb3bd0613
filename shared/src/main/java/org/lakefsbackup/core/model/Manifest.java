package org.lakefsbackup.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.lakefs.MetaRangeIds;
import org.lakefsbackup.core.store.Location;

/**
 * A generation's manifest: a superset of lakefs-refs.py's {@code <repo>_manifest.json} (its {@code repository} and
 * {@code refs} objects, unchanged, so that script can read it) plus what lakeFS's dump omits and what is needed to
 * restore and verify. Written last: a generation without a manifest is incomplete and ignored.
 *
 * <p>A document with only {@code repository} and {@code refs} (lakefs-refs.py's own format) parses with
 * {@code formatVersion == 0}; it can restore refs but carries no generation.
 */
public record Manifest(
        Integer formatVersion,
        String generation,
        Instant createdAt,
        String toolVersion,
        Source source,
        Repository repository,
        MetaRangeIds refs,
        Boolean readOnly,
        List<Branch> branches,
        List<Tag> tags,
        Long commitCount,
        List<String> branchProtectionRules,
        Map<String, String> repositoryMetadata,
        InventoryRef inventory,
        List<Uncommitted> uncommitted,
        List<String> warnings) {

    /** The format this version writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** lakefs-refs.py's {@code repository} object. {@code storageId} may be empty or absent. */
    public record Repository(String name, String storageNamespace, String defaultBranch, String storageId) {
        public Repository {
            RepositoryName.require(name);
            if (storageNamespace == null || storageNamespace.isBlank()) {
                throw ErrorCode.INVALID_MANIFEST.exception("repository.storage_namespace is missing");
            }
            Location.parse(storageNamespace);
            RepositoryName.requireBranch(defaultBranch);
        }
    }

    /** Where the backup came from. Never holds credentials. */
    public record Source(String endpoint, String lakefsVersion) {
    }

    public record Branch(String name, String commitId, boolean hidden) {
        public Branch {
            Objects.requireNonNull(name, "branch name");
            Objects.requireNonNull(commitId, "branch commit_id");
        }
    }

    public record Tag(String name, String commitId) {
        public Tag {
            Objects.requireNonNull(name, "tag name");
            Objects.requireNonNull(commitId, "tag commit_id");
        }
    }

    /** Where the generation's inventory lives, relative to the repository's backup root, and its totals. */
    public record InventoryRef(String prefix, int chunks, long objects, long bytes) {
        public InventoryRef {
            Objects.requireNonNull(prefix, "inventory prefix");
            if (chunks < 0 || objects < 0 || bytes < 0) {
                throw ErrorCode.INVALID_MANIFEST.exception("inventory counts must not be negative");
            }
        }
    }

    /** A branch that had uncommitted changes when the backup ran (they are not in the backup). */
    public record Uncommitted(String branch, int changes, boolean more) {
    }

    public Manifest {
        formatVersion = formatVersion == null ? 0 : formatVersion;
        if (repository == null) {
            throw ErrorCode.INVALID_MANIFEST.exception("the 'repository' object is missing");
        }
        if (refs == null) {
            throw ErrorCode.INVALID_MANIFEST.exception("the 'refs' object is missing");
        }
        if (formatVersion > FORMAT_VERSION) {
            throw ErrorCode.INVALID_MANIFEST.exception("format_version " + formatVersion + " is newer than this tool "
                    + "supports (" + FORMAT_VERSION + "); upgrade lakefs-backup");
        }
        if (formatVersion >= 1) {
            if (generation == null || !GenerationId.isValid(generation)) {
                throw ErrorCode.INVALID_MANIFEST.exception("generation '" + generation + "' is missing or invalid");
            }
            if (inventory == null) {
                throw ErrorCode.INVALID_MANIFEST.exception("the 'inventory' object is missing");
            }
            if (branches == null || tags == null || commitCount == null) {
                throw ErrorCode.INVALID_MANIFEST.exception("branches, tags and commit_count are required");
            }
        }
        branches = branches == null ? List.of() : List.copyOf(branches);
        tags = tags == null ? List.of() : List.copyOf(tags);
        branchProtectionRules = branchProtectionRules == null ? List.of() : List.copyOf(branchProtectionRules);
        repositoryMetadata = repositoryMetadata == null ? Map.of() : Map.copyOf(repositoryMetadata);
        uncommitted = uncommitted == null ? List.of() : List.copyOf(uncommitted);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** Whether this is a full generation manifest (not a bare lakefs-refs.py file). */
    public boolean describesGeneration() {
        return formatVersion >= 1;
    }

    public GenerationId generationId() {
        return new GenerationId(generation);
    }

    /** A lakefs-refs.py manifest: only {@code repository} and {@code refs}. */
    public static Manifest refsOnly(Repository repository, MetaRangeIds refs) {
        return new Manifest(0, null, null, null, null, repository, refs, null, null, null, null, null, null, null,
                null, null);
    }

    /** This manifest in lakefs-refs.py's exact format: only {@code repository} and {@code refs}, in its key order. */
    public byte[] refsManifestJson() {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        Map<String, Object> repo = new java.util.LinkedHashMap<>();
        repo.put("name", repository.name());
        repo.put("storage_namespace", repository.storageNamespace());
        repo.put("default_branch", repository.defaultBranch());
        repo.put("storage_id", repository.storageId() == null ? "" : repository.storageId());
        doc.put("repository", repo);
        doc.put("refs", refs);
        return Json.write(doc);
    }

    public static Manifest parse(byte[] json, String what) {
        return Json.read(json, Manifest.class, ErrorCode.INVALID_MANIFEST, what);
    }
}

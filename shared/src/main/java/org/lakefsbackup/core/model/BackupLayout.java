package org.lakefsbackup.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.lakefsbackup.core.store.Location;

/**
 * Where things live in a backup location (documented in {@code docs/backup-format.md}):
 * <pre>
 * &lt;backup&gt;/&lt;repository&gt;/
 *   objects/&lt;namespace key&gt;                      one copy of each immutable namespace object
 *   mutable/&lt;namespace key&gt;/v-&lt;version&gt;          each version of a mutable bookkeeping object
 *   generations/&lt;generation&gt;/manifest.json        the commit point, written last
 *   generations/&lt;generation&gt;/inventory/part-NNNNN.jsonl.gz
 *   generations/&lt;generation&gt;/forgotten.json       a retention policy forgot the generation; prune removes it
 *   generations/&lt;generation&gt;/checks.json          what rolling deep verification re-read of it, and when
 *   generations/&lt;generation&gt;/drills/&lt;started&gt;-&lt;drill&gt;.json   a restore drill's result (and .md)
 *   restores/&lt;target&gt;.json                         which generation a target namespace is being restored from
 * &lt;backup&gt;/_runs/&lt;repository&gt;/                       scratch: the only objects any step deletes
 *   &lt;run&gt;/...                                        what one backup or restore run keeps between its steps
 *   lease.json                                       the lease of the run working on this repository name
 * </pre>
 * Scratch lives under one prefix ({@value #SCRATCH}, which no repository name can take) so that permissions to delete
 * and the bucket's expiry rule can be scoped to it and to nothing else.
 */
public record BackupLayout(Location backupRoot, String repository) {
    public static final String OBJECTS = "objects";
    public static final String MUTABLE = "mutable";
    /** The top-level prefix of all run scratch and leases at a backup location. */
    public static final String SCRATCH = "_runs";
    /** The folder of a generation that holds its drills' records. */
    public static final String DRILLS = "drills";

    public BackupLayout {
        Objects.requireNonNull(backupRoot, "backupRoot");
        RepositoryName.require(repository);
    }

    public Location repositoryRoot() {
        return backupRoot.resolve(repository);
    }

    public Location objects() {
        return repositoryRoot().resolve(OBJECTS);
    }

    public Location mutable() {
        return repositoryRoot().resolve(MUTABLE);
    }

    /** The backup key, relative to {@link #repositoryRoot()}, of an immutable namespace object. */
    public static String objectKey(String namespaceKey) {
        return OBJECTS + "/" + namespaceKey;
    }

    /** The backup key, relative to {@link #repositoryRoot()}, of one version of a mutable namespace object. */
    public static String mutableKey(String namespaceKey, String version) {
        return MUTABLE + "/" + namespaceKey + "/v-" + version;
    }

    public Location generations() {
        return repositoryRoot().resolve("generations");
    }

    public Location generation(GenerationId id) {
        return generations().resolve(id.value());
    }

    public Location manifest(GenerationId id) {
        return generation(id).resolve("manifest.json");
    }

    /** The name of a generation's forgotten marker, beside its manifest. */
    public static final String FORGOTTEN = "forgotten.json";
    /** The folder of a generation's still-current marks, beside its manifest. */
    public static final String CURRENT = "current";

    /**
     * The create-only marker that a retention policy forgot generation {@code id}: the generation is no longer
     * listed, restored or kept by prune, which removes it and then this marker.
     */
    public Location forgotten(GenerationId id) {
        return generation(id).resolve(FORGOTTEN);
    }

    /**
     * The create-only mark that backup run {@code run} (its would-be generation id) found the repository unchanged
     * since generation {@code id}, so {@code id} is still current at the run's time.
     */
    public Location stillCurrent(GenerationId id, GenerationId run) {
        return generation(id).resolve(CURRENT).resolve(run.value() + ".json");
    }

    /** What rolling deep verification has re-read of generation {@code id} ({@code checks.json}, beside its manifest). */
    public Location checks(GenerationId id) {
        return generation(id).resolve("checks.json");
    }

    /**
     * The report of the backup run that committed generation {@code id}: {@code report.json}, or {@code report.md}
     * for reading ({@code extension} {@code json} or {@code md}); create-only, beside the manifest.
     */
    public Location report(GenerationId id, String extension) {
        return generation(id).resolve("report." + extension);
    }

    /** The folder of restore records, one per target namespace. */
    public Location restores() {
        return repositoryRoot().resolve("restores");
    }

    /** Where the drills of a generation record their results. */
    public Location drills(GenerationId id) {
        return generation(id).resolve(DRILLS);
    }

    /**
     * The record of a drill of a generation: {@code drills/<started>-<drill>.<extension>}, where {@code started} is
     * the drill's start in the generation ids' time format, so records sort by time.
     */
    public Location drillRecord(GenerationId id, java.time.Instant started, String drill, String extension) {
        return drills(id).resolve(GenerationId.timestamp(started) + "-" + RepositoryName.require(drill) + "."
                + extension);
    }

    /** The inventory prefix of a generation, relative to {@link #repositoryRoot()}. */
    public static String inventoryPrefix(GenerationId id) {
        return "generations/" + id.value() + "/inventory";
    }

    /**
     * The lease of the run that works on this repository name (a backup of it, a restore into it). It lives with the
     * scratch, so what may delete scratch (and nothing else) may release leases.
     */
    public Location lease() {
        return runs().resolve("lease.json");
    }

    /**
     * The repository names that have a folder at a backup location, found with one short listing per repository
     * (each listing starts after the previous repository's keys), never a listing of every object.
     */
    public static java.util.List<String> repositories(org.lakefsbackup.core.store.Storage storage, Location backup) {
        var store = storage.storeFor(backup);
        java.util.List<String> names = new java.util.ArrayList<>();
        String after = null;
        while (true) {
            java.util.Optional<String> next;
            try (var objects = store.list(backup, after)) {
                next = objects.map(o -> o.key()).filter(k -> k.indexOf('/') > 0).findFirst();
            }
            if (next.isEmpty()) {
                return names;
            }
            String first = next.get().substring(0, next.get().indexOf('/'));
            if (RepositoryName.isValid(first)) {
                names.add(first);
            }
            after = first + "0"; // '0' follows '/': every key under "<first>/" sorts before it
        }
    }

    public Location run(String runId) {
        return runs().resolve(runId);
    }

    /** The scratch of this repository's runs: {@code <backup>/_runs/<repository>}. */
    public Location runs() {
        return backupRoot.resolve(SCRATCH).resolve(repository);
    }

    public Location restoreRecord(String targetNamespace) {
        return restores().resolve(sha256(targetNamespace).substring(0, 32) + ".json");
    }

    /** Chunk file name for chunk {@code index}: {@code part-00042.jsonl.gz}. */
    public static String chunkName(int index) {
        return String.format(Locale.ROOT, "part-%05d.jsonl.gz", index);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

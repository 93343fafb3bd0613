package org.lakefsbackup.core.step;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lakefs.NamedRef;
import org.lakefsbackup.core.lakefs.ObjectEntry;
import org.lakefsbackup.core.model.Manifest;

/** Reads the facts about a repository that backups record and restores verify. */
final class RepositoryFacts {
    private RepositoryFacts() {
    }

    /** Branch heads with hidden flags, tags, protection rules and metadata. */
    static RefsSnapshot snapshot(LakeFsClient lakefs, String repository) {
        Set<String> visible = new HashSet<>();
        try (Stream<NamedRef> s = lakefs.listBranches(repository, false)) {
            s.forEach(b -> visible.add(b.name()));
        }
        List<Manifest.Branch> branches = new ArrayList<>();
        try (Stream<NamedRef> s = lakefs.listBranches(repository, true)) {
            s.forEach(b -> branches.add(new Manifest.Branch(b.name(), b.commitId(), !visible.contains(b.name()))));
        }
        List<Manifest.Tag> tags = new ArrayList<>();
        try (Stream<NamedRef> s = lakefs.listTags(repository)) {
            s.forEach(t -> tags.add(new Manifest.Tag(t.name(), t.commitId())));
        }
        return new RefsSnapshot(branches, tags, lakefs.getBranchProtectionRules(repository),
                lakefs.getRepositoryMetadata(repository));
    }

    /** Every commit reachable from the given heads (branches and tags), deduplicated. */
    static long countCommits(LakeFsClient lakefs, String repository, List<String> heads) {
        Set<String> seen = new HashSet<>();
        for (String head : new LinkedHashSet<>(heads)) {
            if (seen.contains(head)) {
                continue;
            }
            try (var log = lakefs.logCommits(repository, head)) {
                log.forEach(c -> seen.add(c.id()));
            }
        }
        return seen.size();
    }

    static List<String> heads(RefsSnapshot snapshot) {
        List<String> heads = new ArrayList<>();
        snapshot.branches().forEach(b -> heads.add(b.commitId()));
        snapshot.tags().forEach(t -> heads.add(t.commitId()));
        return heads;
    }

    /**
     * Objects on {@code ref} whose physical address lies outside {@code namespace} (imported or linked objects):
     * a namespace copy does not carry them. Scans at most {@code limit} objects.
     */
    static ImportScan scanForeignObjects(LakeFsClient lakefs, String repository, String ref, String namespace,
                                         long limit) {
        String base = namespace.endsWith("/") ? namespace : namespace + "/";
        long scanned = 0;
        long foreign = 0;
        List<String> samples = new ArrayList<>();
        try (Stream<ObjectEntry> objects = lakefs.listObjects(repository, ref)) {
            var it = objects.iterator();
            while (it.hasNext() && scanned < limit) {
                ObjectEntry o = it.next();
                scanned++;
                String address = o.physicalAddress();
                if (address.contains("://") && !address.startsWith(base) && !inLocalNamespace(address, base)) {
                    foreign++;
                    if (samples.size() < 5) {
                        samples.add(o.path() + " -> " + address);
                    }
                }
            }
            return new ImportScan(scanned, foreign, samples, it.hasNext());
        }
    }

    /**
     * lakeFS reports a {@code local://} namespace's objects as {@code local://<blockstore.local.path>/<namespace
     * path>/...}: the block store root, unknown here, comes between the scheme and the namespace path.
     */
    private static boolean inLocalNamespace(String address, String base) {
        String local = "local://";
        return base.startsWith(local) && address.startsWith(local + "/")
                && address.contains("/" + base.substring(local.length()));
    }

    record ImportScan(long scanned, long foreign, List<String> samples, boolean truncated) {
    }
}

package org.lakefsbackup.testkit.lakefs;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Objects: upload, staging of external addresses, stat, read, delete, listing and the uncommitted diff. */
final class ObjectApi {
    private final EmulatorState state;

    ObjectApi(EmulatorState state) {
        this.state = state;
    }

    void register(Router r) {
        r.add("POST", "/repositories/{repository}/branches/{branch}/objects", this::upload);
        r.add("PUT", "/repositories/{repository}/branches/{branch}/objects", this::stageObject);
        r.add("GET", "/repositories/{repository}/branches/{branch}/staging/backing", this::getPhysicalAddress);
        r.add("PUT", "/repositories/{repository}/branches/{branch}/staging/backing", this::linkPhysicalAddress);
        r.add("DELETE", "/repositories/{repository}/branches/{branch}/objects", this::delete);
        r.add("GET", "/repositories/{repository}/refs/{ref}/objects/stat", req -> {
            RepoState repo = repo(req);
            return Reply.ok(Dto.ObjectStats.of(lookup(req, repo), qualified(repo)));
        });
        r.add("GET", "/repositories/{repository}/refs/{ref}/objects", req -> read(req, true));
        r.add("HEAD", "/repositories/{repository}/refs/{ref}/objects", req -> read(req, false));
        r.add("GET", "/repositories/{repository}/refs/{ref}/objects/ls", this::list);
        r.add("GET", "/repositories/{repository}/branches/{branch}/diff", this::diff);
    }

    private RepoState repo(ApiRequest req) {
        return state.repo(req.path("repository"));
    }

    /** The prefix of the repository's physical addresses, as lakeFS reports them. */
    private String qualified(RepoState repo) {
        return state.namespaces.qualified(repo.namespace);
    }

    private static String objectPath(ApiRequest req) {
        String path = req.requiredQuery("path");
        if (path.isEmpty()) {
            throw ApiError.badRequest("path: invalid value: empty");
        }
        return path;
    }

    private Entry lookup(ApiRequest req, RepoState repo) {
        String path = objectPath(req);
        Entry e = state.view(repo, state.resolve(repo, req.path("ref"))).get(path);
        if (e == null) {
            throw ApiError.notFound("not found");
        }
        return e;
    }

    private Reply upload(ApiRequest req) {
        RepoState repo = repo(req);
        BranchState branch = state.writableBranch(repo, req.path("branch"), req.queryFlag("force"));
        String path = objectPath(req);
        if ("*".equals(req.header("If-None-Match"))
                && state.view(repo, new EmulatorState.Resolved(state.commit(repo, branch.commitId), branch))
                        .containsKey(path)) {
            throw ApiError.preconditionFailed("Precondition failed");
        }
        byte[] content = req.uploadContent();
        String address = state.namespaces.storeData(repo.namespace, content);
        Entry entry = new Entry(path, address, true, content.length, md5Hex(content), state.controls.nowSeconds(),
                null, Map.of());
        branch.staging.put(path, entry);
        return Reply.created(Dto.ObjectStats.of(entry, qualified(repo)));
    }

    /** The deprecated internal {@code stageObject}: {@code ObjectStageCreation} body. */
    private Reply stageObject(ApiRequest req) {
        RepoState repo = repo(req);
        BranchState branch = state.writableBranch(repo, req.path("branch"));
        JsonNode body = req.json();
        Entry entry = external(repo, objectPath(req), Json.requiredText(body, "physical_address"), body,
                Json.stringMap(body, "metadata"));
        branch.staging.put(entry.path(), entry);
        return Reply.created(Dto.ObjectStats.of(entry, qualified(repo)));
    }

    /**
     * {@code getPhysicalAddress}: a fresh address under the namespace's {@code data/} for the client to write to
     * itself (lakectl's pre-signed uploads), then {@link #linkPhysicalAddress link}. Pre-signed URLs are not
     * offered, and real lakeFS's signature on the address is not checked at link time.
     */
    private Reply getPhysicalAddress(ApiRequest req) {
        RepoState repo = repo(req);
        state.writableBranch(repo, req.path("branch"));
        objectPath(req);
        String qualified = qualified(repo);
        String ns = qualified.endsWith("/") ? qualified.substring(0, qualified.length() - 1) : qualified;
        return Reply.ok(Map.of("physical_address", ns + "/" + state.namespaces.newDataKey()));
    }

    /** {@code linkPhysicalAddress}: {@code StagingMetadata} body whose {@code staging.physical_address} is linked. */
    private Reply linkPhysicalAddress(ApiRequest req) {
        RepoState repo = repo(req);
        BranchState branch = state.writableBranch(repo, req.path("branch"));
        JsonNode body = req.json();
        // StagingMetadata nests the address in "staging"; an ObjectStageCreation-shaped body is accepted too.
        JsonNode staging = body.has("staging") ? body.path("staging") : body;
        if (!staging.isObject()) {
            throw ApiError.badRequest("request body has an error: property \"staging\" is missing");
        }
        Entry entry = external(repo, objectPath(req), Json.requiredText(staging, "physical_address"), body,
                body.has("user_metadata") ? Json.stringMap(body, "user_metadata") : Json.stringMap(body, "metadata"));
        branch.staging.put(entry.path(), entry);
        return Reply.ok(Dto.ObjectStats.of(entry, qualified(repo)));
    }

    /** An entry for an address given by the client: relative if under the namespace's {@code data/}, else FULL. */
    private Entry external(RepoState repo, String path, String physicalAddress, JsonNode body,
            Map<String, String> metadata) {
        String checksum = Json.requiredText(body, "checksum");
        Long size = Json.optionalLong(body, "size_bytes");
        if (size == null) {
            throw ApiError.badRequest("request body has an error: property \"size_bytes\" is missing");
        }
        Long mtime = Json.optionalLong(body, "mtime");
        String qualified = qualified(repo);
        String ns = qualified.endsWith("/") ? qualified : qualified + "/";
        boolean relative = physicalAddress.startsWith(ns + "data/");
        String address = relative ? physicalAddress.substring(ns.length()) : physicalAddress;
        return new Entry(path, address, relative, size, checksum, mtime == null ? state.controls.nowSeconds() : mtime,
                Json.optionalText(body, "content_type"), metadata);
    }

    private Reply delete(ApiRequest req) {
        RepoState repo = repo(req);
        BranchState branch = state.writableBranch(repo, req.path("branch"), req.queryFlag("force"));
        String path = objectPath(req);
        TreeMap<String, Entry> committed = state.committedTree(repo, state.commit(repo, branch.commitId));
        TreeMap<String, Entry> view = new TreeMap<>(committed);
        EmulatorState.applyStaging(view, branch);
        if (!view.containsKey(path)) {
            throw ApiError.notFound("not found");
        }
        if (committed.containsKey(path)) {
            branch.staging.put(path, null);
        } else {
            branch.staging.remove(path);
        }
        return Reply.empty(204);
    }

    private Reply read(ApiRequest req, boolean withBody) {
        RepoState repo = repo(req);
        Entry entry = lookup(req, repo);
        byte[] content = withBody ? state.namespaces.readObject(repo.namespace, entry) : new byte[0];
        Map<String, String> headers = Map.of(
                "ETag", "\"" + entry.checksum() + "\"",
                "Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        Instant.ofEpochSecond(entry.mtime()).atZone(ZoneOffset.UTC)),
                "Content-Type", entry.contentType());
        return new Reply(200, entry.contentType(), content, headers);
    }

    private Reply list(ApiRequest req) {
        RepoState repo = repo(req);
        TreeMap<String, Entry> tree = state.view(repo, state.resolve(repo, req.path("ref")));
        String namespace = qualified(repo);
        List<Dto.ObjectStats> all = tree.values().stream().map(e -> Dto.ObjectStats.of(e, namespace)).toList();
        return Reply.ok(Listing.page(all, Dto.ObjectStats::path, req.query("prefix"), req.query("after"),
                req.query("delimiter"), req.queryInt("amount"), Dto.ObjectStats::commonPrefix));
    }

    private Reply diff(ApiRequest req) {
        RepoState repo = repo(req);
        BranchState branch = state.branch(repo, req.path("branch"));
        TreeMap<String, Entry> committed = state.committedTree(repo, state.commit(repo, branch.commitId));
        List<Dto.Diff> changes = new ArrayList<>();
        branch.staging.forEach((path, entry) -> {
            Entry before = committed.get(path);
            if (entry == null) {
                if (before != null) {
                    changes.add(new Dto.Diff("removed", path, "object", before.sizeBytes()));
                }
            } else {
                changes.add(new Dto.Diff(before == null ? "added" : "changed", path, "object", entry.sizeBytes()));
            }
        });
        return Reply.ok(Listing.page(changes, Dto.Diff::path, req.query("prefix"), req.query("after"),
                req.query("delimiter"), req.queryInt("amount"), p -> new Dto.Diff("prefix_changed", p,
                        "common_prefix", null)));
    }

    private static String md5Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

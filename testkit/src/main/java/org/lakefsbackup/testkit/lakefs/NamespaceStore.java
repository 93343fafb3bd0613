package org.lakefsbackup.testkit.lakefs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.local.LocalObjectStore;

/**
 * Everything the emulator keeps in a repository's storage namespace, read and written through the project's
 * object-store port: object bodies under {@code data/}, the {@code _lakefs/dummy} marker, and content-addressed
 * {@code _lakefs/<sha256>} documents (commit trees and refs dumps).
 */
final class NamespaceStore {
    static final String DUMMY_KEY = "_lakefs/dummy";
    static final String ROOT_DUMMY_KEY = "dummy";
    static final String REFS_MANIFEST_KEY = "_lakefs/refs_manifest.json";
    /** Where lakeFS keeps a repository's GC rules (lakeFS writes protobuf; the emulator writes JSON). */
    static final String GC_RULES_KEY = "_lakefs/retention/gc/rules/config.json";
    static final byte[] DUMMY_CONTENT =
            "this is dummy data - created by lakeFS to check accessibility".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final int IDS_PER_PARTITION = 50_000;
    private static final char[] BASE32_HEX = "0123456789abcdefghijklmnopqrstuv".toCharArray();

    private record TreeDocument(String type, List<Entry> entries) {
    }

    private final Storage storage;
    private final SecureRandom random = new SecureRandom();
    private String partition;
    private int idsInPartition;

    NamespaceStore(Storage storage) {
        this.storage = storage;
    }

    static Location location(String namespace, String key) {
        return Location.parse(namespace).resolve(key);
    }

    /**
     * The namespace as lakeFS spells physical addresses under it: for a {@code local://} namespace, {@code local://}
     * followed by the block store's absolute path ({@code local://<blockstore.local.path>/<namespace path>}), as
     * real lakeFS reports them; other namespaces unchanged.
     */
    String qualified(String namespace) {
        Location l = Location.parse(namespace);
        if (l.scheme() == Location.Scheme.LOCAL && storage.storeFor(l) instanceof LocalObjectStore local) {
            return "local://" + local.path(l);
        }
        return namespace;
    }

    boolean exists(String namespace, String key) {
        Location l = location(namespace, key);
        return storage.storeFor(l).head(l).isPresent();
    }

    boolean putIfAbsent(String namespace, String key, byte[] content) {
        Location l = location(namespace, key);
        return storage.storeFor(l).putIfAbsent(l, content);
    }

    void put(String namespace, String key, byte[] content) {
        Location l = location(namespace, key);
        storage.storeFor(l).upload(l, new ByteArrayInputStream(content), content.length);
    }

    /** Stores an object body at a fresh {@code data/<partition>/<id>} key and returns that relative address. */
    String storeData(String namespace, byte[] content) {
        String address = newDataKey();
        put(namespace, address, content);
        return address;
    }

    /** A fresh {@code data/<partition>/<id>} key, lakeFS's relative address for a new object body. */
    synchronized String newDataKey() {
        if (partition == null || idsInPartition >= IDS_PER_PARTITION) {
            partition = xid();
            idsInPartition = 0;
        }
        idsInPartition++;
        return "data/" + partition + "/" + xid();
    }

    /** A small mutable document in the namespace (such as the GC rules), empty when absent. */
    Optional<byte[]> get(String namespace, String key) {
        Location l = location(namespace, key);
        return storage.storeFor(l).get(l);
    }

    void delete(String namespace, String key) {
        Location l = location(namespace, key);
        storage.storeFor(l).delete(l);
    }

    /** The bytes of an object; 410 "No data" when the block store has nothing at its address. */
    byte[] readObject(String namespace, Entry entry) {
        Location l = entry.relative() ? location(namespace, entry.address()) : Location.parse(entry.address());
        try (InputStream in = storage.storeFor(l).open(l)) {
            return in.readAllBytes();
        } catch (LakeFsBackupException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw ApiError.noData();
            }
            throw e;
        } catch (IOException e) {
            throw new ApiError(500, "read from block storage: " + e.getMessage());
        }
    }

    /** Writes a content-addressed document at {@code _lakefs/<sha256>} and returns the id. */
    String writeDocument(String namespace, byte[] content) {
        String id = CommitIds.sha256Hex(content);
        putIfAbsent(namespace, "_lakefs/" + id, content);
        return id;
    }

    Optional<byte[]> readDocument(String namespace, String id) {
        if (!id.matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        Location l = location(namespace, "_lakefs/" + id);
        return storage.storeFor(l).get(l);
    }

    /** Writes a commit tree (a "metarange") and returns its id. */
    String writeTree(String namespace, Collection<Entry> entries) {
        List<Entry> sorted = entries.stream().sorted((a, b) -> KeyOrder.compare(a.path(), b.path())).toList();
        return writeDocument(namespace, Json.write(new TreeDocument("metarange", sorted)));
    }

    /** Reads a commit tree; the empty id is the empty tree. A missing tree is 410 "No data", as in lakeFS. */
    TreeMap<String, Entry> readTree(String namespace, String id) {
        TreeMap<String, Entry> tree = new TreeMap<>(KeyOrder.COMPARATOR);
        if (id == null || id.isEmpty()) {
            return tree;
        }
        byte[] bytes = readDocument(namespace, id).orElseThrow(ApiError::noData);
        try {
            TreeDocument doc = Json.read(bytes, TreeDocument.class);
            if (!"metarange".equals(doc.type()) || doc.entries() == null) {
                throw new ApiError(500, "_lakefs/" + id + " is not a metarange");
            }
            doc.entries().forEach(e -> tree.put(e.path(), e));
            return tree;
        } catch (IOException e) {
            throw new ApiError(500, "corrupt metarange _lakefs/" + id + ": " + e.getMessage());
        }
    }

    /** A 20-character id in lakeFS's xid alphabet (base32hex, lower case). */
    private String xid() {
        byte[] bytes = new byte[13];
        random.nextBytes(bytes);
        StringBuilder sb = new StringBuilder(20);
        long buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = buffer << 8 | (b & 0xff);
            bits += 8;
            while (bits >= 5 && sb.length() < 20) {
                sb.append(BASE32_HEX[(int) (buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return sb.toString();
    }
}

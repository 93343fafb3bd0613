package org.lakefsbackup.testkit.lakefs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Content hashes: a commit's id is the SHA-256 of a canonical, length-prefixed encoding of all its fields but the id,
 * so identical commits get identical ids in any repository and a tampered commit is detected on restore.
 */
final class CommitIds {
    private CommitIds() {
    }

    static String compute(CommitRecord c) {
        MessageDigest md = sha256();
        field(md, "committer", c.committer());
        field(md, "message", c.message());
        field(md, "creation_date", Long.toString(c.creationDate()));
        field(md, "meta_range_id", c.metaRangeId());
        for (Map.Entry<String, String> e : c.metadata().entrySet()) {
            field(md, "metadata.key", e.getKey());
            field(md, "metadata.value", e.getValue());
        }
        for (String parent : c.parents()) {
            field(md, "parent", parent);
        }
        field(md, "generation", Long.toString(c.generation()));
        field(md, "version", Integer.toString(c.version()));
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256Hex(byte[] content) {
        return HexFormat.of().formatHex(sha256().digest(content));
    }

    private static void field(MessageDigest md, String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        md.update(lengthPrefix(n.length));
        md.update(n);
        md.update(lengthPrefix(v.length));
        md.update(v);
    }

    private static byte[] lengthPrefix(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

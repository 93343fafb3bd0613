package org.lakefsbackup.core.store.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.Checksum;
import org.lakefsbackup.core.store.ChecksumAlgorithm;
import org.lakefsbackup.core.store.ChecksumCalculator;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.CopyResult;
import org.lakefsbackup.core.store.KeyOrder;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectInfo;
import org.lakefsbackup.core.store.ObjectStore;

/**
 * Objects as files: serves {@code file:///abs/path} locations and, when given a root directory, {@code local://path}
 * locations (lakeFS's local block store, whose {@code blockstore.local.path} is that root). A key {@code a/b} is the
 * file {@code b} in directory {@code a}.
 *
 * <p>Listings are lazy and in {@link KeyOrder}. An object's checksum is the SHA-256 of its content, computed when
 * it is headed or listed (and while it is copied); its ETag is the same digest in hex, so it is not an MD5. Writes go to a temporary file in the target's
 * directory (named with {@value #TEMP_PREFIX}, never listed) and are then renamed into place, so readers never see
 * partial objects; {@link #putIfAbsent} links the temporary file to the target, which fails if the target exists;
 * {@link #replaceIfMatch} holds a lock on the file (in this process and across processes) while it compares and
 * replaces.
 *
 * <p>Symbolic links are never followed: a location whose path has a link anywhere below the store's root (the
 * {@code local://} root, or {@code /} for {@code file://}), and any link or other non-regular file met while
 * listing, is refused with INVALID_MANIFEST, so a planted link in a backup or a namespace can neither read nor
 * write outside it. The {@code local://} root itself may be reached through links; give {@code file://} locations
 * as real paths. Thread-safe.
 */
public final class LocalObjectStore implements ObjectStore {
    /** Name prefix of temporary files; listings skip them. */
    public static final String TEMP_PREFIX = ".lakefs-backup-tmp-";

    private static final Path FILE_ROOT = Path.of("/");
    private static final int BUFFER = 64 * 1024;

    private final Path localRoot;

    /**
     * @param localRoot the directory {@code local://} locations resolve under (lakeFS's
     *                  {@code blockstore.local.path}), or {@code null} to serve {@code file://} locations only
     */
    public LocalObjectStore(Path localRoot) {
        this.localRoot = localRoot == null ? null : realPath(localRoot.toAbsolutePath().normalize());
    }

    /** A store for {@code file://} locations only. */
    public static LocalObjectStore filesOnly() {
        return new LocalObjectStore(null);
    }

    /** A store for {@code file://} locations and {@code local://} locations under {@code localRoot}. */
    public static LocalObjectStore withLocalRoot(Path localRoot) {
        if (localRoot == null) {
            throw new IllegalArgumentException("localRoot is required");
        }
        return new LocalObjectStore(localRoot);
    }

    /** The root {@code local://} locations resolve under, if any. */
    public Optional<Path> localRoot() {
        return Optional.ofNullable(localRoot);
    }

    @Override
    public boolean supports(Location location) {
        return location.scheme() == Location.Scheme.FILE
                || location.scheme() == Location.Scheme.LOCAL && localRoot != null;
    }

    /** The file (or directory) a location names. */
    public Path path(Location location) {
        Path base = switch (location.scheme()) {
            case FILE -> FILE_ROOT;
            case LOCAL -> {
                if (localRoot == null) {
                    throw ErrorCode.INVALID_INPUT.exception("no local block-store root is configured for " + location);
                }
                yield localRoot;
            }
            default -> throw ErrorCode.INVALID_INPUT.exception("not a local location: " + location);
        };
        if (location.key().isEmpty()) {
            return base;
        }
        Path resolved;
        try {
            resolved = base.resolve(location.key()).normalize();
        } catch (InvalidPathException e) {
            throw ErrorCode.INVALID_INPUT.exception("key of " + location + " is not a valid file name here ("
                    + e.getReason() + "); non-ASCII keys need a UTF-8 locale (sun.jnu.encoding="
                    + System.getProperty("sun.jnu.encoding") + ")", e);
        }
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw ErrorCode.INVALID_INPUT.exception(location + " escapes its root " + base);
        }
        for (Path p = resolved; p != null && !p.equals(base); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw LocalErrors.notRegular(p, location.toString());
            }
        }
        return resolved;
    }

    /** The path with every link resolved, when it exists; the path as given otherwise. */
    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    @Override
    public Stream<ObjectInfo> list(Location prefix, String startAfter) {
        Path dir = path(prefix);
        DirectoryWalk walk;
        try {
            walk = new DirectoryWalk(dir, startAfter == null ? "" : startAfter);
        } catch (IOException e) {
            throw LocalErrors.map(e, "listing " + prefix);
        }
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walk,
                        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false)
                .map(found -> info(found.key(), found.path(), found.attributes()))
                .flatMap(Optional::stream);
    }

    @Override
    public Optional<ObjectInfo> head(Location location) {
        Path file = path(location);
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isDirectory()) {
                return Optional.empty();
            }
            if (!attrs.isRegularFile()) {
                throw LocalErrors.notRegular(file, location.toString());
            }
            return info(location.key(), file, attrs);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw LocalErrors.map(e, "reading attributes of " + location);
        }
    }

    @Override
    public Optional<byte[]> get(Location location) {
        Path file = path(location);
        if (!isRegularFile(file, location)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(in.readAllBytes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw LocalErrors.map(e, "reading " + location);
        }
    }

    @Override
    public Optional<Versioned> getVersioned(Location location) {
        return get(location).map(content -> new Versioned(content, contentTag(content)));
    }

    @Override
    public boolean replaceIfMatch(Location location, byte[] content, String etag) {
        Path target = objectPath(location);
        synchronized (lockFor(target)) {
            try (FileChannel channel = FileChannel.open(target, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
                 FileLock ignored = channel.lock()) {
                // the lock holds the file that was there when opened; compare what the path names now
                Optional<byte[]> current = get(location);
                if (current.isEmpty() || !contentTag(current.get()).equalsIgnoreCase(etag)) {
                    return false;
                }
                replace(target, "replacing " + location, temp -> Files.write(temp, content));
                return true;
            } catch (NoSuchFileException e) {
                return false;
            } catch (IOException e) {
                throw LocalErrors.map(e, "replacing " + location);
            }
        }
    }

    @Override
    public InputStream open(Location location) {
        Path file = path(location);
        if (!isRegularFile(file, location)) {
            throw ErrorCode.NOT_FOUND.exception("no object at " + location);
        }
        try {
            return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw LocalErrors.map(e, "opening " + location);
        }
    }

    @Override
    public boolean putIfAbsent(Location location, byte[] content) {
        Path target = objectPath(location);
        Path temp = null;
        try {
            temp = writeTemp(target, content);
            try {
                Files.createLink(target, temp);
            } catch (UnsupportedOperationException noHardLinks) {
                // Without hard links, a rename that refuses to replace is the closest equivalent.
                Files.move(temp, target);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw LocalErrors.map(e, "writing " + location);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public void put(Location location, byte[] content) {
        replace(objectPath(location), "writing " + location, temp -> Files.write(temp, content));
    }

    @Override
    public void upload(Location location, InputStream content, long length) {
        replace(objectPath(location), "uploading " + location, temp -> {
            long written;
            try (OutputStream out = Files.newOutputStream(temp)) {
                written = copy(content, out, length);
            }
            if (written != length) {
                throw ErrorCode.INVALID_INPUT.exception("stream for " + location + " ended after " + written + " of "
                        + length + " bytes");
            }
        });
    }

    /**
     * Copies the file through this process, computing its SHA-256 (the ETag and checksum this store reports) and,
     * when the request names another algorithm, that checksum too, on the way. Files carry no metadata, so the
     * metadata directive and encryption are ignored.
     */
    @Override
    public CopyResult copy(CopyRequest request) {
        Path from = objectPath(request.source());
        Path to = objectPath(request.target());
        if (!isRegularFile(from, request.source())) {
            throw ErrorCode.NOT_FOUND.exception("copy source " + request.source() + " does not exist");
        }
        ChecksumCalculator sha256 = ChecksumAlgorithm.SHA256.calculator();
        ChecksumCalculator requested = request.checksumAlgorithm() == null
                || request.checksumAlgorithm() == ChecksumAlgorithm.SHA256
                ? null : request.checksumAlgorithm().calculator();
        replace(to, "copying " + request.source() + " to " + request.target(), temp -> {
            byte[] buffer = new byte[BUFFER];
            try (InputStream in = Files.newInputStream(from, LinkOption.NOFOLLOW_LINKS);
                 OutputStream out = Files.newOutputStream(temp)) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    sha256.update(buffer, 0, n);
                    if (requested != null) {
                        requested.update(buffer, 0, n);
                    }
                    out.write(buffer, 0, n);
                }
            }
        });
        Checksum content = sha256.finish();
        return new CopyResult(HexFormat.of().formatHex(content.digest()),
                requested == null ? content : requested.finish(), false);
    }

    @Override
    public void delete(Location location) {
        Path file = objectPath(location);
        try {
            if (isRegularFile(file, location)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw LocalErrors.map(e, "deleting " + location);
        }
    }

    @Override
    public String toString() {
        return "LocalObjectStore[localRoot=" + localRoot + "]";
    }

    private Path objectPath(Location location) {
        if (location.key().isEmpty()) {
            throw ErrorCode.INVALID_INPUT.exception(location + " names a store root, not an object");
        }
        return path(location);
    }

    /**
     * Whether a regular file is there (a directory or nothing: false); anything else, such as a link that appeared
     * since the path was checked, or a device, is refused.
     */
    private static boolean isRegularFile(Path file, Location location) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw LocalErrors.map(e, "reading attributes of " + location);
        }
        if (attrs.isDirectory()) {
            return false;
        }
        if (!attrs.isRegularFile()) {
            throw LocalErrors.notRegular(file, location.toString());
        }
        return true;
    }

    private static final Object[] LOCKS = new Object[64];

    static {
        for (int i = 0; i < LOCKS.length; i++) {
            LOCKS[i] = new Object();
        }
    }

    /** The in-process lock for a file (a file lock is per process; threads of one process need their own). */
    private static Object lockFor(Path file) {
        return LOCKS[Math.floorMod(file.hashCode(), LOCKS.length)];
    }

    private static Optional<ObjectInfo> info(String key, Path file, BasicFileAttributes attrs) {
        try {
            Checksum sha256;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                sha256 = ChecksumCalculator.measure(in, ChecksumAlgorithm.SHA256).checksum();
            }
            return Optional.of(new ObjectInfo(key, attrs.size(), HexFormat.of().formatHex(sha256.digest()), sha256,
                    attrs.lastModifiedTime().toInstant(), false));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            throw LocalErrors.map(e, "reading " + file);
        }
    }

    /** The ETag of a document: the hex SHA-256 of its content, as {@link #head} and listings report it. */
    private static String contentTag(byte[] content) {
        ChecksumCalculator sha256 = ChecksumAlgorithm.SHA256.calculator();
        sha256.update(content, 0, content.length);
        return HexFormat.of().formatHex(sha256.finish().digest());
    }

    /** Fills a temp file; {@link #replace} moves it into place. */
    @FunctionalInterface
    private interface TempWriter {
        void write(Path temp) throws IOException;
    }

    /** Writes {@code target} atomically: a temp file beside it, filled, then moved over it; the temp never stays. */
    private static void replace(Path target, String what, TempWriter writer) {
        Path temp = null;
        try {
            temp = newTemp(target);
            writer.write(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw LocalErrors.map(e, what);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static Path writeTemp(Path target, byte[] content) throws IOException {
        Path temp = newTemp(target);
        Files.write(temp, content);
        return temp;
    }

    private static Path newTemp(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
    }

    /** Copies at most {@code length} bytes; returns how many were copied. */
    private static long copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        while (total < length) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - total));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a leftover temporary file is never listed; nothing else to do
        }
    }
}

package org.lakefsbackup.core.store.local;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.lakefsbackup.core.store.KeyOrder;

/**
 * A depth-first walk that yields the regular files under a directory in {@link KeyOrder} of their relative keys.
 * It never follows symbolic links: a link (or any other non-regular file) under the directory fails the walk.
 * It holds the sorted entries of the directories on the current path only. Inside a directory, a subdirectory
 * {@code x} sorts as {@code "x/"}, which places every key under it exactly where key order puts it (so {@code a-c}
 * comes before {@code a/b}). Subdirectories whose keys all sort at or before {@code startAfter} are not read.
 */
final class DirectoryWalk implements Iterator<DirectoryWalk.Found> {

    /** A regular file found by the walk. */
    record Found(String key, Path path, BasicFileAttributes attributes) {
    }

    private record Entry(String name, Path path, BasicFileAttributes attributes, String sortKey) {
        boolean directory() {
            return attributes.isDirectory();
        }
    }

    private record Frame(String keyPrefix, Iterator<Entry> entries) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::sortKey, KeyOrder.COMPARATOR);

    private final String startAfter;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private Found next;

    /**
     * @param root       the directory to walk; a missing directory or a file yields nothing
     * @param startAfter only keys sorting after this one are yielded; empty for all
     */
    DirectoryWalk(Path root, String startAfter) throws IOException {
        this.startAfter = startAfter;
        if (Files.isDirectory(root)) {
            stack.push(new Frame("", read(root).iterator()));
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    @Override
    public Found next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Found found = next;
        next = null;
        return found;
    }

    private Found advance() {
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            if (!top.entries().hasNext()) {
                stack.pop();
                continue;
            }
            Entry e = top.entries().next();
            String key = top.keyPrefix() + e.name();
            if (e.directory()) {
                String dirPrefix = key + "/";
                if (mayHoldKeysAfterStart(dirPrefix)) {
                    try {
                        stack.push(new Frame(dirPrefix, read(e.path()).iterator()));
                    } catch (NoSuchFileException | NotDirectoryException gone) {
                        // removed or replaced while walking: nothing to list there
                    } catch (IOException io) {
                        throw LocalErrors.map(io, "listing " + e.path());
                    }
                }
            } else if (startAfter.isEmpty() || KeyOrder.compare(key, startAfter) > 0) {
                return new Found(key, e.path(), e.attributes());
            }
        }
        return null;
    }

    /** Whether some key starting with {@code dirPrefix} can sort after {@code startAfter}. */
    private boolean mayHoldKeysAfterStart(String dirPrefix) {
        return startAfter.isEmpty() || startAfter.startsWith(dirPrefix) || KeyOrder.compare(dirPrefix, startAfter) > 0;
    }

    private static List<Entry> read(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (name.startsWith(LocalObjectStore.TEMP_PREFIX)) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (attrs.isDirectory()) {
                    entries.add(new Entry(name, p, attrs, name + "/"));
                } else if (attrs.isRegularFile()) {
                    entries.add(new Entry(name, p, attrs, name));
                } else {
                    throw LocalErrors.notRegular(p, "listing " + dir);
                }
            }
        }
        entries.sort(ORDER);
        return entries;
    }
}

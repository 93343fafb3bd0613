package org.lakefsbackup.core.copy;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator that can look at its next element without taking it. */
final class PeekingIterator<T> {
    private final Iterator<T> it;
    private T next;

    PeekingIterator(Iterator<T> it) {
        this.it = it;
        this.next = it.hasNext() ? it.next() : null;
    }

    boolean hasNext() {
        return next != null;
    }

    T peek() {
        return next;
    }

    T next() {
        if (next == null) {
            throw new NoSuchElementException();
        }
        T current = next;
        next = it.hasNext() ? it.next() : null;
        return current;
    }
}

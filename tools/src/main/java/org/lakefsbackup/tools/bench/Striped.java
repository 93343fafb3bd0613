package org.lakefsbackup.tools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** Runs {@code i = from .. to-1} over a fixed number of threads, thread t taking every i ≡ t (mod threads). */
final class Striped {
    private Striped() {
    }

    /**
     * Calls {@code each} for every index and waits for all; the first failure ends the call.
     *
     * @param what what the work is, for the failure's message (e.g. "writing objects")
     */
    static void run(int threads, int from, int to, String what, IntConsumer each) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = from + t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < to; i += threads) {
                        each.accept(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}

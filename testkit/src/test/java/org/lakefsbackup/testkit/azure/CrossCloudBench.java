package org.lakefsbackup.testkit.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.lakefsbackup.core.store.CopyRequest;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.ObjectStore;
import org.lakefsbackup.core.store.StoreStats;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.azure.AzureBlobObjectStore;
import org.lakefsbackup.core.store.s3.S3ObjectStore;
import org.lakefsbackup.testkit.s3.EmbeddedS3;

/**
 * Copies N objects of a given size between the embedded S3 server and Azurite through {@link Storage}, the way the
 * copy step does (16 concurrent copies), and prints objects/s, bytes/s and requests by type for each direction:
 * S3 to Azure (Put Block From URL from presigned URLs, completed by {@link ExternalCopySources} as Azure would),
 * Azure to S3 (streamed through this process), and Azure to Azure across accounts (Copy Blob From URL). Not a test.
 *
 * <p>Arguments: {@code <objects> <object size in bytes> [concurrency]}.
 */
public final class CrossCloudBench {
    private CrossCloudBench() {
    }

    public static void main(String[] args) throws Exception {
        int objects = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        try (EmbeddedS3 s3 = EmbeddedS3.start(); Azurite azurite = Azurite.start()) {
            s3.createBucket("bench");
            azurite.createContainer(Azurite.ACCOUNT, "bench");
            azurite.createContainer(Azurite.OTHER_ACCOUNT, "bench");
            S3ObjectStore s3Store = s3.newStore();
            AzureBlobObjectStore azure = new AzureBlobObjectStore(azurite.storeConfig().build(),
                    azurite.externalCopySources());
            try (Storage storage = Storage.of(s3Store, azure)) {
                IntFunction<Location> inS3 = i -> Location.parse("s3://bench/src/" + i);
                IntFunction<Location> inA = i -> Location.parse(Azurite.location(Azurite.ACCOUNT, "bench") + "/from-s3/"
                        + i);
                IntFunction<Location> backToS3 = i -> Location.parse("s3://bench/from-azure/" + i);
                IntFunction<Location> inB = i -> Location.parse(Azurite.location(Azurite.OTHER_ACCOUNT, "bench")
                        + "/copy/" + i);
                byte[] content = new byte[size];
                new Random(1).nextBytes(content);
                run(concurrency, objects, i -> s3Store.put(inS3.apply(i), content));

                System.out.printf("%d objects of %d bytes, %d concurrent copies%n%n", objects, size, concurrency);
                System.out.println("| direction | how | seconds | objects/s | MiB/s | requests (process side) |");
                System.out.println("| --- | --- | --- | --- | --- | --- |");
                measure("S3 -> Azure Blob", "Put Block From URL + Put Block List", storage, s3Store, azure,
                        concurrency, objects, (long) objects * size, i -> storage.copy(CopyRequest.builder(inS3.apply(i), inA.apply(i)).expectedSize(size).build()));
                measure("Azure Blob -> S3", "streamed (Get Blob, PutObject)", storage, s3Store, azure,
                        concurrency, objects, (long) objects * size, i -> storage.copy(CopyRequest.builder(inA.apply(i), backToS3.apply(i)).expectedSize(size).build()));
                measure("Azure Blob -> Azure Blob (other account)", "Copy Blob From URL", storage, s3Store, azure,
                        concurrency, objects, (long) objects * size, i -> storage.copy(CopyRequest.builder(inA.apply(i), inB.apply(i)).expectedSize(size).build()));
                if (!java.util.Arrays.equals(s3Store.get(backToS3.apply(objects - 1)).orElseThrow(), content)
                        || !java.util.Arrays.equals(azure.get(inB.apply(0)).orElseThrow(), content)) {
                    throw new IllegalStateException("a copied object differs from its source");
                }
            }
        }
    }

    private interface Copy {
        void run(int i) throws Exception;
    }

    private static void measure(String direction, String how, Storage storage, ObjectStore s3, ObjectStore azure,
                                int concurrency, int objects, long bytes, Copy copy) throws Exception {
        StoreStats s3Before = s3.stats();
        StoreStats azureBefore = azure.stats();
        long start = System.nanoTime();
        run(concurrency, objects, copy);
        double seconds = (System.nanoTime() - start) / 1e9;
        StoreStats s3Cost = s3.stats().minus(s3Before);
        StoreStats azureCost = azure.stats().minus(azureBefore);
        List<String> requests = new ArrayList<>();
        s3Cost.requestsByType().forEach((type, n) -> requests.add("S3 " + type + " " + n));
        azureCost.requestsByType().forEach((type, n) -> requests.add("Azure " + type + " " + n));
        System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.0f | %.1f | %s |%n", direction, how, seconds,
                objects / seconds, bytes / seconds / (1024 * 1024), String.join(", ", requests));
    }

    private static void run(int concurrency, int objects, Copy copy) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                int n = i;
                all.add(pool.submit(() -> {
                    copy.run(n);
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

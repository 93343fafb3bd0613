package org.lakefsbackup.core.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lakefsbackup.core.error.ConflictException;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.store.Storage;
import org.lakefsbackup.core.store.local.LocalObjectStore;
import org.lakefsbackup.testkit.ManualClock;
import org.lakefsbackup.testkit.store.InMemoryObjectStore;

class LeasesTest {
    static final Duration TTL = Duration.ofMinutes(10);
    static final Location BACKUP = Location.parse("s3://backups/lakefs");
    static final LeaseOwner HERE = new LeaseOwner("host-a", 100L);
    static final LeaseOwner HERE_OTHER_PID = new LeaseOwner("host-a", 200L);
    static final LeaseOwner ELSEWHERE = new LeaseOwner("host-b", 300L);

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final InMemoryObjectStore store = new InMemoryObjectStore(Location.Scheme.S3, clock);
    final Storage storage = Storage.of(store);
    /** Processes 100, 200 and 300 run; any other pid does not. */
    final LeaseOwner.ProcessCheck processes = pid -> Set.of(100L, 200L, 300L).contains(pid);

    Leases leases(LeaseOwner self) {
        return new Leases(storage, clock, TTL, self, processes);
    }

    Lease take(LeaseOwner self, String owner, boolean breakLease) {
        return leases(self).acquire(BACKUP, "sales", "restore", "run-" + owner, owner, "restore of sales", breakLease);
    }

    @Test
    void aFreeLeaseIsCreatedAndNamesItsHolder() {
        Lease l = take(HERE, "one", false);
        assertThat(l.owner()).isEqualTo("one");
        assertThat(l.runId()).isEqualTo("run-one");
        assertThat(l.host()).isEqualTo("host-a");
        assertThat(l.pid()).isEqualTo(100L);
        assertThat(l.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(leases(HERE).read(BACKUP, "sales")).contains(l);
        assertThat(Leases.location(BACKUP, "sales")).hasToString("s3://backups/lakefs/_runs/sales/lease.json");
    }

    @Test
    void theHolderTakesItAgainAndRenewsIt() {
        take(HERE, "one", false);
        clock.advance(Duration.ofMinutes(3));
        Lease again = take(HERE, "one", false);
        assertThat(again.renewedAt()).isEqualTo(clock.instant());
        assertThat(again.expiresAt()).isEqualTo(clock.instant().plus(TTL));
    }

    @Test
    void anotherLiveRunGetsAConflictNamingTheHolderAndItsExpiry() {
        Lease held = take(HERE, "one", false);
        clock.advance(Duration.ofMinutes(1));
        for (LeaseOwner other : List.of(HERE, ELSEWHERE)) {
            assertThatThrownBy(() -> take(other, "two", false)).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("run-one").hasMessageContaining("host-a pid 100")
                    .hasMessageContaining("expires " + held.expiresAt()).hasMessageContaining("--break-lease");
        }
        assertThat(ErrorCode.CONFLICT.exitCode()).isEqualTo(5);
        assertThat(leases(HERE).read(BACKUP, "sales")).contains(held);
    }

    @Test
    void anExpiredLeaseIsTakenOver() {
        take(HERE, "one", false);
        clock.advance(TTL.plusSeconds(1));
        Lease mine = take(ELSEWHERE, "two", false);
        assertThat(mine.owner()).isEqualTo("two");
        assertThat(leases(ELSEWHERE).read(BACKUP, "sales")).contains(mine);
    }

    @Test
    void aLeaseOfAProcessOfThisHostThatNoLongerRunsIsTakenOver() {
        take(new LeaseOwner("host-a", 999L), "killed", false);
        assertThat(take(HERE, "two", false).owner()).isEqualTo("two");
    }

    @Test
    void aDeadPidOnAnotherHostOrALivePidOnThisOneIsNotProofOfDeath() {
        take(new LeaseOwner("host-b", 999L), "far", false);
        assertThatThrownBy(() -> take(HERE, "two", false)).isInstanceOf(ConflictException.class);
        clock.advance(TTL.plusSeconds(1));
        take(HERE_OTHER_PID, "alive", false);
        assertThatThrownBy(() -> take(HERE, "three", false)).isInstanceOf(ConflictException.class);
        assertThat(new LeaseOwner("cloud", null).knowsDead(leases(HERE).read(BACKUP, "sales").orElseThrow(),
                processes)).as("a cloud function checks no pid").isFalse();
    }

    @Test
    void breakLeaseTakesALiveLease() {
        take(HERE, "one", false);
        assertThat(take(ELSEWHERE, "two", true).owner()).isEqualTo("two");
        assertThatThrownBy(() -> leases(HERE).renew(BACKUP, "sales", "one")).isInstanceOf(ConflictException.class);
    }

    @Test
    void renewWritesOnlyAfterAFifthOfTheTtl() {
        Lease first = take(HERE, "one", false);
        long writes = store.count("put"); // every write (create, replace) counts as a put
        clock.advance(TTL.dividedBy(5).minusSeconds(1));
        assertThat(leases(HERE).renew(BACKUP, "sales", "one")).isEqualTo(first);
        assertThat(store.count("put")).isEqualTo(writes);
        clock.advance(Duration.ofSeconds(1));
        Lease renewed = leases(HERE).renew(BACKUP, "sales", "one");
        assertThat(store.count("put")).isEqualTo(writes + 1);
        assertThat(renewed.renewedAt()).isEqualTo(clock.instant());
        assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(leases(HERE).read(BACKUP, "sales")).contains(renewed);
    }

    @Test
    void aRunWhoseLeaseWasTakenOverCannotRenewIt() {
        take(HERE, "one", false);
        clock.advance(TTL.plusSeconds(1));
        take(ELSEWHERE, "two", false);
        assertThatThrownBy(() -> leases(HERE).renew(BACKUP, "sales", "one")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("no longer holds").hasMessageContaining("run-two");
        leases(HERE).release(BACKUP, "sales", "two");
        assertThatThrownBy(() -> leases(HERE).renew(BACKUP, "sales", "two")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("gone");
    }

    @Test
    void releaseRemovesOnlyOnesOwnLease() {
        take(HERE, "one", false);
        leases(ELSEWHERE).release(BACKUP, "sales", "two");
        assertThat(leases(HERE).read(BACKUP, "sales")).isPresent();
        leases(HERE).release(BACKUP, "sales", "one");
        assertThat(leases(HERE).read(BACKUP, "sales")).isEmpty();
        leases(HERE).release(BACKUP, "sales", "one"); // nothing to release: no error
        assertThat(take(ELSEWHERE, "two", false).owner()).isEqualTo("two");
    }

    @Test
    void leasesOfOtherNamesAreIndependent() {
        take(HERE, "one", false);
        assertThat(leases(ELSEWHERE).acquire(BACKUP, "marketing", "backup", "g1", "two", "", false).owner())
                .isEqualTo("two");
    }

    @Test
    void eightRunsRacingForAFreeLeaseInMemoryOneWins() throws Exception {
        race(storage, BACKUP);
    }

    @Test
    void eightRunsRacingForAnExpiredLeaseInMemoryOneWins() throws Exception {
        take(HERE, "old", false);
        clock.advance(TTL.plusSeconds(1));
        race(storage, BACKUP);
    }

    @Test
    void eightRunsRacingForAFreeOrExpiredLeaseOnTheLocalStoreOneWins(@TempDir Path dir) throws Exception {
        Storage local = Storage.of(LocalObjectStore.filesOnly());
        Location backup = Location.parse(dir.toUri().toString().replaceAll("/$", ""));
        race(local, backup);
        new Leases(local, clock, TTL, HERE, processes).acquire(backup, "sales", "restore", "x", "holder", "", true);
        clock.advance(TTL.plusSeconds(1));
        race(local, backup);
    }

    /** Eight owners, each its own live process, acquire at once: exactly one wins, seven get CONFLICT. */
    private void race(Storage where, Location backup) throws Exception {
        int n = 8;
        CyclicBarrier start = new CyclicBarrier(n);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String owner = "racer-" + i + "-" + System.nanoTime();
                results.add(pool.submit(() -> {
                    Leases l = new Leases(where, clock, TTL, new LeaseOwner("host-a", 100L), processes);
                    start.await(10, TimeUnit.SECONDS);
                    try {
                        l.acquire(backup, "sales", "restore", owner, owner, "", false);
                        return true;
                    } catch (ConflictException e) {
                        return false;
                    }
                }));
            }
            int won = 0;
            for (Future<Boolean> r : results) {
                won += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            assertThat(new Leases(where, clock, TTL, HERE, processes).read(backup, "sales").orElseThrow().owner())
                    .startsWith("racer-");
        } finally {
            pool.shutdownNow();
        }
    }
}

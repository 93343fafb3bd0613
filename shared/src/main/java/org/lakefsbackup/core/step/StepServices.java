package org.lakefsbackup.core.step;

import java.time.Clock;
import java.util.Objects;
import org.lakefsbackup.core.copy.Copiers;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.lease.LeaseOwner;
import org.lakefsbackup.core.lease.Leases;
import org.lakefsbackup.core.store.Storage;

/**
 * The ports every step uses: one lakeFS server (the source for backups, the target for restores), the object
 * stores, a clock, the settings, and who this process is when it takes leases. Built once per process (per cloud
 * function instance) and shared.
 *
 * @param owner     this process as a lease holder
 * @param processes tells whether a process of this host still runs (tests pass their own)
 * @param copiers   the process's chunk copiers, shared by its copy steps so their adapted concurrency carries over
 */
public record StepServices(LakeFsClient lakefs, Storage storage, Clock clock, Settings settings, LeaseOwner owner,
                           LeaseOwner.ProcessCheck processes, Copiers copiers) {
    public StepServices {
        Objects.requireNonNull(lakefs, "lakefs");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(processes, "processes");
        Objects.requireNonNull(copiers, "copiers");
    }

    /** Services with copiers of their own. */
    public StepServices(LakeFsClient lakefs, Storage storage, Clock clock, Settings settings, LeaseOwner owner,
                        LeaseOwner.ProcessCheck processes) {
        this(lakefs, storage, clock, settings, owner, processes, new Copiers());
    }

    /** Services of this process (the local host name and pid as lease holder). */
    public StepServices(LakeFsClient lakefs, Storage storage, Clock clock, Settings settings) {
        this(lakefs, storage, clock, settings, LeaseOwner.currentProcess(), LeaseOwner.ProcessCheck.SYSTEM);
    }

    /** The leases at backup locations, taken in this process's name. */
    public Leases leases() {
        return new Leases(storage, clock, settings.leaseTtl(), owner, processes);
    }

    /** These services with other settings. */
    public StepServices with(Settings other) {
        return new StepServices(lakefs, storage, clock, other, owner, processes, copiers);
    }

    /** These services taking leases as another holder (tests: a process that is no longer alive). */
    public StepServices as(LeaseOwner other) {
        return new StepServices(lakefs, storage, clock, settings, other, processes, copiers);
    }
}

package org.lakefsbackup.core.step;

import java.time.Clock;
import java.util.Objects;
import org.lakefsbackup.core.lakefs.LakeFsClient;
import org.lakefsbackup.core.store.Storage;

/**
 * The ports every step uses: one lakeFS server (the source for backups, the target for restores), the object
 * stores, a clock and the settings. Built once per process (per Lambda cold start) and shared.
 */
public record StepServices(LakeFsClient lakefs, Storage storage, Clock clock, Settings settings) {
    public StepServices {
        Objects.requireNonNull(lakefs, "lakefs");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
    }
}

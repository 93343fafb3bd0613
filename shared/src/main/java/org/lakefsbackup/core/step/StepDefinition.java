package org.lakefsbackup.core.step;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.retry.RetryPolicy;

/**
 * One row of the {@link StepCatalog}: a step's name (what workflow definitions and hosts call it), its input and
 * output records, the retry policy the workflows apply to it, what it may touch (for the permissions hosts grant),
 * its body and the metrics of its output.
 *
 * @param name           the step's name, e.g. {@code prepare-backup}
 * @param inputType      the input record
 * @param outputType     the output record
 * @param access         whether the step calls lakeFS (and so needs its credentials)
 * @param deletesScratch whether the step deletes run scratch or releases leases
 * @param deletesBackups whether the step deletes backed-up data (objects, versions, forgotten generations' files):
 *                       only prune's delete steps do
 * @param needsLease     whether the step may only run while its run holds its lease: hosts that run steps one at a
 *                       time confirm and renew it first (the steps that take a lease, and the clean-ups after a
 *                       failure, which must run even when it was lost, do not)
 * @param retry          how a retryable failure of the step is retried
 * @param body           the step itself
 * @param metrics        numbers the output reports
 */
public record StepDefinition<I, O>(String name, Class<I> inputType, Class<O> outputType, Access access,
                                   boolean deletesScratch, boolean deletesBackups, boolean needsLease,
                                   RetryPolicy retry, Body<I, O> body, Function<O, List<StepMetric>> metrics) {

    /** What a step reaches besides the backup location. */
    public enum Access {
        /** Object stores only (the backup location, a namespace being copied). */
        STORES,
        /** Object stores and lakeFS. */
        LAKEFS
    }

    /** The step's work. */
    @FunctionalInterface
    public interface Body<I, O> {
        O run(StepServices services, I input, ProgressListener progress);
    }

    public StepDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputType, "inputType");
        Objects.requireNonNull(outputType, "outputType");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(body, "body");
        metrics = metrics == null ? o -> List.of() : metrics;
    }

    /**
     * Runs the step once (no retries: the caller applies {@link #retry}). An exception other than the core's is a
     * bug or an unexpected answer and is reported as INTERNAL, so workflows see only the core's error codes.
     */
    public O run(StepServices services, I input, ProgressListener progress) {
        try {
            return body.run(services, input, progress);
        } catch (LakeFsBackupException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ErrorCode.INTERNAL.exception(name + " failed unexpectedly: " + e, e);
        }
    }

    /** Runs the step with an input of unchecked type (hosts that bind JSON). */
    public O runUnchecked(StepServices services, Object input, ProgressListener progress) {
        return run(services, inputType.cast(input), progress);
    }

    /** The metrics of an output of unchecked type. */
    public List<StepMetric> metricsOf(Object output) {
        return output == null ? List.of() : metrics.apply(outputType.cast(output));
    }
}

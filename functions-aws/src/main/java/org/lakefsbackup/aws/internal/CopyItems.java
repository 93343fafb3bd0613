package org.lakefsbackup.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.Metrics;
import org.lakefsbackup.aws.handler.BatchCopySpec;
import org.lakefsbackup.aws.handler.CopyResults;
import org.lakefsbackup.aws.handler.CopyTotals;
import org.lakefsbackup.aws.handler.PlanOutput;
import org.lakefsbackup.core.copy.CopyFailure;
import org.lakefsbackup.core.copy.CopyPlan;
import org.lakefsbackup.core.copy.CopySummary;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Distributed Map's side of a copy: the items file it reads (one {@code {"chunk": n}} per plan chunk, next to
 * the plan in the run's scratch) and the results it writes (Step Functions' {@code ResultWriter} format: a
 * {@code manifest.json} naming {@code SUCCEEDED_n.json} and {@code FAILED_n.json} files of child executions whose
 * {@code Output} is a copy-chunk {@link CopySummary}).
 */
public final class CopyItems {
    private static final Logger LOG = LoggerFactory.getLogger(CopyItems.class);
    public static final String ITEMS = "plan-items.json";
    public static final String RESULTS = "copy-results";

    private CopyItems() {
    }

    /**
     * Writes the items file for {@code plan} in the run's scratch {@code runRoot}. When the plan copies more objects
     * than the configured Batch Operations threshold, first hands what S3PutObjectCopy can copy to a Batch
     * Operations manifest ({@link BatchCopySplit}); the items file then lists only the remainder's chunks.
     */
    public static PlanOutput publish(FunctionServices s, Location runRoot, CopyPlan plan) {
        if (runRoot.scheme() != Location.Scheme.S3) {
            throw ErrorCode.INVALID_INPUT.exception("the Step Functions workflows need an s3:// backup location (the "
                    + "Distributed Map reads its items from S3), not " + runRoot);
        }
        BatchCopySpec batchCopy = null;
        long threshold = s.config().batchThresholdObjects();
        if (threshold > 0 && plan.copyObjects() > threshold) {
            BatchCopySplit.Split split = new BatchCopySplit(s.storage(), s.config().settings().copyChunkSize())
                    .split(plan, runRoot);
            if (split.spec() != null) {
                batchCopy = split.spec();
                plan = split.remainder();
            }
        }
        StringBuilder items = new StringBuilder(plan.chunks() * 14 + 2).append('[');
        for (int i = 0; i < plan.chunks(); i++) {
            items.append(i == 0 ? "" : ",").append("{\"chunk\":").append(i).append('}');
        }
        items.append(']');
        Location itemsLocation = runRoot.resolve(ITEMS);
        s.storage().storeFor(itemsLocation).put(itemsLocation, items.toString().getBytes(StandardCharsets.UTF_8));
        Location results = runRoot.resolve(RESULTS);
        return new PlanOutput(true, plan, itemsLocation.authority(), itemsLocation.key(), results.authority(), results.key(),
                s.config().mapMaxConcurrency(), batchCopy != null, batchCopy, null);
    }

    public static List<Metrics.Value> planMetrics(CopyPlan plan) {
        if (plan == null) {
            return List.of();
        }
        return List.of(Metrics.count("ObjectsPlanned", plan.copyObjects()), Metrics.bytes("BytesPlanned", plan.copyBytes()),
                Metrics.count("ObjectsSkipped", plan.skippedObjects()), Metrics.count("PlanChunks", plan.chunks()));
    }

    /**
     * Adds up a map run's results and, when part of the copy went through Batch Operations, that job's summary;
     * COPY_INCOMPLETE when an object or a whole chunk failed, or the job did not account for all its objects.
     */
    public static CopyTotals summarize(FunctionServices s, CopyResults results) {
        CopySummary total = CopySummary.empty();
        int chunks = 0;
        List<String> failedChunks = new ArrayList<>();
        if (results.bucket() != null) {
            Location manifestLocation = new Location(Location.Scheme.S3, results.bucket(), "", results.key());
            MapResults map = readMapResults(s, manifestLocation);
            total = map.total();
            chunks = map.chunks();
            failedChunks.addAll(map.failedChunks());
        }
        if (results.batch() != null) {
            CopySummary batch = results.batch();
            if (batch.copied() + batch.failed() != results.batchObjects()) {
                throw ErrorCode.COPY_INCOMPLETE.exception("the Batch Operations job accounted for "
                        + (batch.copied() + batch.failed()) + " of its " + results.batchObjects() + " objects");
            }
            total = total.plus(batch);
        }
        long skipped = results.plan() == null ? 0 : results.plan().skippedObjects() - results.batchObjects();
        CopyTotals totals = new CopyTotals(total, skipped, chunks, failedChunks.size());
        LOG.info("copy results: {} chunks, {} objects copied ({} bytes), {} failed, {} chunks failed", chunks,
                total.copied(), total.bytesCopied(), total.failed(), failedChunks.size());
        total.requireNoMismatch();
        if (total.failed() > 0 || !failedChunks.isEmpty()) {
            List<String> first = new ArrayList<>();
            for (CopyFailure f : total.failures()) {
                if (first.size() < 5) {
                    first.add(f.key() + ": " + f.code() + " " + f.message());
                }
            }
            throw ErrorCode.COPY_INCOMPLETE.exception(total.failed() + " object(s) and " + failedChunks.size()
                    + " chunk(s) could not be copied (run again to copy only what is missing); first objects: " + first
                    + (failedChunks.isEmpty() ? "" : "; first chunk error: " + failedChunks.get(0)));
        }
        if (results.plan() != null && chunks != results.plan().chunks()) {
            throw ErrorCode.COPY_INCOMPLETE.exception("the map run reported " + chunks + " of "
                    + results.plan().chunks() + " chunks");
        }
        return totals;
    }

    private record MapResults(CopySummary total, int chunks, List<String> failedChunks) {
    }

    private static MapResults readMapResults(FunctionServices s, Location manifestLocation) {
        JsonNode manifest = readJson(s, manifestLocation);
        JsonNode files = manifest.path("ResultFiles");
        CopySummary total = CopySummary.empty();
        int chunks = 0;
        List<String> failedChunks = new ArrayList<>();
        for (String status : List.of("SUCCEEDED", "FAILED", "PENDING")) {
            for (JsonNode file : files.path(status)) {
                JsonNode entries = readJson(s, new Location(Location.Scheme.S3, manifestLocation.authority(), "",
                        file.path("Key").asText()));
                for (JsonNode entry : entries) {
                    chunks++;
                    if (!"SUCCEEDED".equals(entry.path("Status").asText(status))) {
                        failedChunks.add(entry.path("Error").asText("?") + ": " + entry.path("Cause").asText(""));
                        continue;
                    }
                    total = total.plus(output(entry.get("Output"), manifestLocation));
                }
            }
        }
        return new MapResults(total, chunks, failedChunks);
    }

    private static CopySummary output(JsonNode output, Location where) {
        try {
            JsonNode node = output != null && output.isTextual() ? Json.mapper().readTree(output.asText()) : output;
            return Json.mapper().treeToValue(node, CopySummary.class);
        } catch (IOException | IllegalArgumentException e) {
            throw ErrorCode.INVALID_MANIFEST.exception("a copy result in " + where + " is not a copy summary: "
                    + e.getMessage(), e);
        }
    }

    private static JsonNode readJson(FunctionServices s, Location location) {
        byte[] bytes = s.storage().storeFor(location).get(location).orElseThrow(() ->
                ErrorCode.NOT_FOUND.exception("map run result " + location + " does not exist"));
        try {
            return Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw ErrorCode.INVALID_MANIFEST.exception("map run result " + location + " is not JSON", e);
        }
    }
}

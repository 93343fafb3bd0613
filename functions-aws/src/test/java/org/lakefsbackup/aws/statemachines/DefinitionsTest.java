package org.lakefsbackup.aws.statemachines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.aws.handler.AwsSteps;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.retry.RetryPolicy;
import org.lakefsbackup.core.workflow.BackupWorkflow;
import org.lakefsbackup.core.workflow.RestoreWorkflow;

/**
 * The definitions' contracts with the code: every error name they match is a class of the core's error package
 * (or a Step Functions / AWS service error), every Lambda Task names a step of the catalog and the function that
 * runs it, the retries and poll waits are the core's {@link RetryPolicy} rendered, the attempt limits are the core
 * workflows', and both JavaScript validators (asl-validator, amazon-states-language-service) accept them.
 */
class DefinitionsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");
    static final Set<String> SERVICE_PREFIXES = Set.of("States.", "Lambda.", "StepFunctions.");

    static List<Path> definitions() throws IOException {
        try (Stream<Path> s = Files.list(NodeRunner.DIR)) {
            return s.filter(p -> p.toString().endsWith(".asl.json")).sorted().toList();
        }
    }

    static void walk(JsonNode node, List<JsonNode> out) {
        if (node.isObject() || node.isArray()) {
            out.add(node);
            node.forEach(child -> walk(child, out));
        }
    }

    @Test
    void everyErrorNameInRetryAndCatchResolvesToACoreExceptionOrAServiceError() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Path def : definitions()) {
            List<JsonNode> nodes = new ArrayList<>();
            walk(JSON.readTree(def.toFile()), nodes);
            for (JsonNode n : nodes) {
                if (n.has("ErrorEquals")) {
                    n.get("ErrorEquals").forEach(e -> names.add(e.asText()));
                }
            }
        }
        assertThat(names).contains("org.lakefsbackup.core.error.ThrottledException", "States.ALL");
        Set<String> retryable = new TreeSet<>();
        for (ErrorCode c : ErrorCode.values()) {
            if (c.retryable() && c != ErrorCode.COPY_INCOMPLETE) { // an incomplete copy is re-run, not retried
                retryable.add(c.exceptionClass().getName());
            }
        }
        for (String name : names) {
            if (SERVICE_PREFIXES.stream().anyMatch(name::startsWith)) {
                continue;
            }
            assertThat(name).startsWith("org.lakefsbackup.core.error.");
            Class<?> cls = Class.forName(name);
            assertThat(LakeFsBackupException.class).as(name).isAssignableFrom(cls);
            assertThat(cls.getPackageName()).isEqualTo("org.lakefsbackup.core.error");
        }
        assertThat(names).as("every retryable step error is retried").containsAll(retryable);
    }

    @Test
    void everyRetryListsOnlyRetryableCoreErrors() throws Exception {
        for (Path def : definitions()) {
            List<JsonNode> nodes = new ArrayList<>();
            walk(JSON.readTree(def.toFile()), nodes);
            for (JsonNode n : nodes) {
                if (!n.has("Retry")) {
                    continue;
                }
                for (JsonNode retrier : n.get("Retry")) {
                    for (JsonNode e : retrier.get("ErrorEquals")) {
                        if (e.asText().startsWith("org.lakefsbackup.")) {
                            var ex = (LakeFsBackupException) Class.forName(e.asText())
                                    .getConstructor(String.class, Throwable.class).newInstance("probe", null);
                            assertThat(ex.retryable()).as(def.getFileName() + ": " + e.asText()).isTrue();
                        }
                    }
                    assertThat(retrier.path("JitterStrategy").asText()).isEqualTo("FULL");
                    assertThat(retrier.path("BackoffRate").asDouble()).isGreaterThan(1);
                }
            }
        }
    }


    /** The Task states that call Lambda functions (their Resource is a function placeholder). */
    static List<JsonNode> lambdaTasks(Path def) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        walk(JSON.readTree(def.toFile()), nodes);
        return nodes.stream().filter(n -> n.path("Type").asText().equals("Task")
                && n.path("Resource").asText().endsWith("FunctionArn}")).toList();
    }

    static String pascal(String step) {
        StringBuilder b = new StringBuilder();
        for (String part : step.split("-")) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    @Test
    void everyLambdaTaskNamesACatalogStepAndTheFunctionThatRunsIt() throws Exception {
        Set<String> used = new TreeSet<>();
        for (Path def : definitions()) {
            for (JsonNode t : lambdaTasks(def)) {
                String step = t.at("/Parameters/step").asText(null);
                assertThat(step).as(def.getFileName() + ": " + t).isNotNull();
                assertThat(AwsSteps.find(step)).as(def.getFileName() + " names step " + step).isPresent();
                assertThat(t.get("Resource").asText()).isEqualTo("${" + pascal(step) + "FunctionArn}");
                used.add(step);
            }
        }
        Set<String> all = new TreeSet<>();
        AwsSteps.all().forEach(s -> all.add(s.name()));
        all.removeAll(AwsSteps.INVOKED_BY_OPERATORS);
        all.removeAll(AwsSteps.INVOKED_BY_SCHEDULES);
        assertThat(used).as("every step but those operators and schedules invoke has a place in some definition")
                .isEqualTo(all);
    }

    @Test
    void retriesArePoliciesOfTheCoreRendered() throws Exception {
        List<String> retryable = new ArrayList<>();
        for (ErrorCode c : ErrorCode.values()) {
            if (c.retryable() && c != ErrorCode.COPY_INCOMPLETE) {
                retryable.add(c.exceptionClass().getName());
            }
        }
        JsonNode host = retrier(RetryPolicy.HOST, List.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
                "Lambda.SdkClientException", "Lambda.TooManyRequestsException"));
        JsonNode step = retrier(RetryPolicy.STEP, retryable);
        for (Path def : definitions()) {
            for (JsonNode t : lambdaTasks(def)) {
                assertThat(t.get("Retry")).as(def.getFileName() + " " + t.at("/Parameters/step").asText())
                        .containsExactly(host, step);
            }
        }
    }

    static JsonNode retrier(RetryPolicy policy, List<String> errors) {
        var r = JSON.createObjectNode();
        var eq = r.putArray("ErrorEquals");
        errors.forEach(eq::add);
        r.put("IntervalSeconds", (int) policy.firstDelay().toSeconds());
        r.put("MaxAttempts", policy.maxAttempts() - 1);
        r.put("BackoffRate", (int) policy.backoffRate());
        r.put("MaxDelaySeconds", (int) policy.maxDelay().toSeconds());
        r.put("JitterStrategy", policy.jitter() ? "FULL" : "NONE");
        return r;
    }

    @Test
    void pollWaitsAndAttemptLimitsAreTheWorkflows() throws Exception {
        JsonNode backup = JSON.readTree(NodeRunner.DIR.resolve("backup.asl.json").toFile()).get("States");
        JsonNode restore = JSON.readTree(NodeRunner.DIR.resolve("restore.asl.json").toFile()).get("States");
        long wait = RetryPolicy.POLL.maxDelay().toSeconds();
        assertThat(backup.at("/WaitForDump/Seconds").asLong()).isEqualTo(wait);
        assertThat(restore.at("/WaitForRestore/Seconds").asLong()).isEqualTo(wait);
        assertThat(backup.at("/DumpState/Choices/2/NumericGreaterThanEquals").asInt())
                .isEqualTo(BackupWorkflow.MAX_DUMP_ATTEMPTS);
        assertThat(restore.at("/RestoreState/Choices/2/NumericGreaterThanEquals").asInt())
                .isEqualTo(RestoreWorkflow.MAX_REFS_ATTEMPTS);
        assertThat(backup.at("/DumpLost/Parameters/Cause.$").asText())
                .contains(BackupWorkflow.MAX_DUMP_ATTEMPTS + " times");
        assertThat(restore.at("/RefsFailed/Parameters/Cause.$").asText())
                .contains(RestoreWorkflow.MAX_REFS_ATTEMPTS + " times");
    }

    @Test
    void bothJavaScriptValidatorsAcceptEveryDefinition() throws Exception {
        NodeRunner.Result r = NodeRunner.run(List.of("--test", "test/validate.test.mjs"));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        int definitions = definitions().size();
        assertThat(r.out()).as("one listing test and two validators per definition")
                .contains("# pass " + (1 + 2 * definitions)).contains("# fail 0");
    }
}

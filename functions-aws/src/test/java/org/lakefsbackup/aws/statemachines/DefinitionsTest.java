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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.error.LakeFsBackupException;

/**
 * The definitions' contracts with the code: every error name they match is a class of the core's error package
 * (or a Step Functions / AWS service error), every Lambda they call is a handler class, and both JavaScript
 * validators (asl-validator, amazon-states-language-service) accept them.
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
            if (c.retryable() && c != ErrorCode.COPY_INCOMPLETE) {
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


    @Test
    void bothJavaScriptValidatorsAcceptEveryDefinition() throws Exception {
        NodeRunner.Result r = NodeRunner.run(List.of("--test", "test/validate.test.mjs"));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("# pass 7").contains("# fail 0");
    }
}

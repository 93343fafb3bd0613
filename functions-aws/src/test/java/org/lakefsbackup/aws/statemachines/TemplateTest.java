package org.lakefsbackup.aws.statemachines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.step.BackupAllRequest;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.RestoreRequest;

/**
 * The SAM template supplies what the definitions need: every {@code ${X}} of a definition is a key of its state
 * machine's {@code DefinitionSubstitutions}, every function a definition calls is a function of the template whose
 * handler is the matching class, and no IAM statement allows {@code *} on {@code *}. Also: the example inputs bind
 * to the step records.
 */
class TemplateTest {
    static final Path TEMPLATE = NodeRunner.DIR.resolveSibling("infra/aws/template.yaml");
    static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    /** State machine definition file -> its DefinitionSubstitutions keys, read from the template's text. */
    static Map<String, Set<String>> substitutions(String template) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        String[] lines = template.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher uri = Pattern.compile("^\\s+DefinitionUri: \\.\\./\\.\\./statemachines/(.+\\.asl\\.json)$")
                    .matcher(lines[i]);
            if (!uri.matches()) {
                continue;
            }
            Set<String> keys = new TreeSet<>();
            int j = i + 1;
            while (j < lines.length && !lines[j].trim().startsWith("DefinitionSubstitutions:")) {
                j++;
            }
            int indent = lines[j].indexOf('D');
            for (j++; j < lines.length; j++) {
                String l = lines[j];
                int ind = l.length() - l.stripLeading().length();
                if (l.isBlank() || ind <= indent) {
                    break;
                }
                keys.add(l.trim().substring(0, l.trim().indexOf(':')));
            }
            out.put(uri.group(1), keys);
        }
        return out;
    }

    @Test
    void everyPlaceholderIsSuppliedByTheTemplateAndEveryFunctionExists() throws Exception {
        String template = Files.readString(TEMPLATE);
        Map<String, Set<String>> subs = substitutions(template);
        assertThat(subs).containsOnlyKeys("backup.asl.json", "restore.asl.json", "backup-all.asl.json");
        for (var e : subs.entrySet()) {
            String def = Files.readString(NodeRunner.DIR.resolve(e.getKey()));
            Set<String> used = new TreeSet<>();
            Matcher m = PLACEHOLDER.matcher(def);
            while (m.find()) {
                used.add(m.group(1));
            }
            assertThat(e.getValue()).as(e.getKey() + " substitutions").containsAll(used);
            assertThat(used).as(e.getKey() + " uses every substitution").containsAll(e.getValue());
            for (String p : used) {
                if (p.endsWith("FunctionArn")) {
                    String function = p.substring(0, p.length() - "Arn".length());
                    String handler = org.lakefsbackup.aws.handler.StepFunctionHandler.class.getName();
                    assertThat(template).as(function).contains("\n  " + function + ":\n    Type: AWS::Serverless::Function")
                            .contains("Handler: " + handler + "::handleRequest");
                }
            }
        }
    }

    @Test
    void noStatementAllowsEveryActionOnEveryResource() throws Exception {
        String template = Files.readString(TEMPLATE);
        assertThat(template).doesNotContainPattern("Action:\\s*\"?\\*\"?\\s*\\n\\s*Resource:\\s*\"?\\*")
                .doesNotContain("FullAccess").doesNotContain("AdministratorAccess");
    }

    @Test
    void theExampleInputsBindToTheStepRecords() throws Exception {
        Path ex = NodeRunner.DIR.resolve("examples");
        assertThat(Json.mapper().readValue(ex.resolve("scheduled-backup.json").toFile(), BackupRequest.class)
                .repository()).isEqualTo("analytics");
        assertThat(Json.mapper().readValue(ex.resolve("backup-all.json").toFile(), BackupAllRequest.class)
                .repositories()).isEmpty();
        for (String f : new String[] {"restore-dr.json", "restore-migrate.json", "restore-clone.json"}) {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(ex.resolve(f).toFile());
            if (!node.has("ignore_storage_id")) {
                node.put("ignore_storage_id", false); // what the prepare-restore function fills in
            }
            RestoreRequest r = Json.mapper().treeToValue(node, RestoreRequest.class);
            assertThat(r.targetNamespace()).as(f).startsWith("s3://");
        }
    }
}

package org.lakefsbackup.testkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CLI's {@code --json} contract, {@code docs/json-output.schema.json} (JSON Schema 2020-12), for tests: every
 * document a command prints is checked against it with networknt's validator.
 */
public final class JsonOutputContract {
    /** The schema's path from the repository root. */
    public static final String SCHEMA = "docs/json-output.schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Schema schema;

    private JsonOutputContract() {
    }

    /**
     * Parses {@code stdout} as exactly one JSON document and validates it.
     *
     * @return the document
     * @throws AssertionError naming every violation, or when stdout is not one JSON document
     */
    public static JsonNode validate(String stdout) {
        JsonNode document;
        try {
            document = JSON.readTree(stdout);
        } catch (IOException e) {
            throw new AssertionError("stdout is not one JSON document: " + e.getMessage() + "\n" + stdout, e);
        }
        if (document == null) {
            throw new AssertionError("stdout is empty");
        }
        List<Error> errors = schema().validate(document);
        if (!errors.isEmpty()) {
            throw new AssertionError("--json output violates " + SCHEMA + ": " + errors + "\n" + stdout);
        }
        return document;
    }

    /**
     * Validates a document against one of the schema's definitions ({@code $defs/<definition>}), e.g. a record the
     * product writes to a backup location rather than prints.
     *
     * @throws AssertionError naming every violation
     */
    public static void validate(JsonNode document, String definition) {
        com.fasterxml.jackson.databind.node.ObjectNode root = schemaDocument().deepCopy();
        if (!root.path("$defs").has(definition)) {
            throw new IllegalArgumentException(SCHEMA + " has no $defs/" + definition);
        }
        com.fasterxml.jackson.databind.node.ObjectNode wrapper = JSON.createObjectNode();
        wrapper.set("$schema", root.get("$schema"));
        wrapper.put("$ref", "#/$defs/" + definition);
        wrapper.set("$defs", root.get("$defs"));
        List<Error> errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(wrapper.toString()).validate(document);
        if (!errors.isEmpty()) {
            throw new AssertionError("document violates " + SCHEMA + "#/$defs/" + definition + ": " + errors + "\n"
                    + document);
        }
    }

    /** The schema document itself. */
    public static JsonNode schemaDocument() {
        try {
            return JSON.readTree(locate().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema schema() {
        if (schema == null) {
            synchronized (JsonOutputContract.class) {
                if (schema == null) {
                    schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                            .getSchema(schemaDocument().toString());
                }
            }
        }
        return schema;
    }

    /** Finds the schema from the working directory (a module's directory when Maven runs the tests) upwards. */
    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SCHEMA);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(SCHEMA + " not found above " + Path.of("").toAbsolutePath());
    }
}

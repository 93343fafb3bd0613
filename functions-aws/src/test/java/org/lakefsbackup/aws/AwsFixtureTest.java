package org.lakefsbackup.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.store.Location;

/** Starts one {@link AwsFixture} (lakeFS emulator, embedded S3, function services) per test class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AwsFixtureTest {
    protected AwsFixture f;
    protected FunctionServices s;

    @BeforeAll
    void startFixture() {
        f = new AwsFixture();
        s = f.services;
    }

    @AfterAll
    void stopFixture() {
        f.close();
    }

    /** What the Distributed Map does: one copy-chunk invocation per item, results written in ResultWriter's format. */
    protected JsonNode copyAllAsTheDistributedMapDoes(JsonNode plan, String exec) {
        JsonNode items = read("s3://" + plan.get("items_bucket").asText() + "/" + plan.get("items_key").asText());
        assertThat(items).hasSize(plan.at("/plan/chunks").asInt());
        ArrayNode succeeded = Json.mapper().createArrayNode();
        for (JsonNode item : items) {
            ObjectNode input = Json.mapper().createObjectNode().<ObjectNode>set("plan", plan.get("plan"))
                    .put("chunk", item.get("chunk").asInt());
            JsonNode out = f.invoke("copy-chunk", exec, input);
            succeeded.addObject().put("Status", "SUCCEEDED").put("Output", out.toString())
                    .put("Input", item.toString());
        }
        String bucket = plan.get("results_bucket").asText();
        String prefix = plan.get("results_prefix").asText() + "/map-run-1";
        put("s3://" + bucket + "/" + prefix + "/SUCCEEDED_0.json", succeeded.toString());
        put("s3://" + bucket + "/" + prefix + "/manifest.json", "{\"ResultFiles\":{\"SUCCEEDED\":[{\"Key\":\""
                + prefix + "/SUCCEEDED_0.json\"}],\"FAILED\":[],\"PENDING\":[]}}");
        return Json.mapper().createObjectNode().put("Bucket", bucket).put("Key", prefix + "/manifest.json");
    }

    /** Reads a JSON document through the functions' storage. */
    protected JsonNode read(String uri) {
        Location l = Location.parse(uri);
        try {
            return Json.mapper().readTree(s.storage().storeFor(l).get(l).orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a UTF-8 document through the functions' storage. */
    protected void put(String uri, String content) {
        Location l = Location.parse(uri);
        s.storage().storeFor(l).put(l, content.getBytes(StandardCharsets.UTF_8));
    }
}

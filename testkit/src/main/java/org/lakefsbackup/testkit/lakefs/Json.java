package org.lakefsbackup.testkit.lakefs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON encoding: lakeFS's snake_case field names, absent (not null) optional fields, deterministic maps. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.NON_NULL))
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    static <T> T read(byte[] bytes, Class<T> type) throws IOException {
        return MAPPER.readValue(bytes, type);
    }

    /** Parses a request body; a malformed or non-object body is a 400. */
    static JsonNode parseBody(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject() && !node.isArray()) {
                throw ApiError.badRequest("request body has an error: value must be an object");
            }
            return node;
        } catch (IOException e) {
            throw ApiError.badRequest("request body has an error: failed to decode request body: " + e.getMessage());
        }
    }

    /** A required string field of a request body. */
    static String requiredText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw ApiError.badRequest("request body has an error: doesn't match schema: Error at \"/" + field
                    + "\": property \"" + field + "\" is missing");
        }
        if (!v.isTextual()) {
            throw ApiError.badRequest("request body has an error: doesn't match schema: Error at \"/" + field
                    + "\": value must be a string");
        }
        return v.asText();
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static boolean optionalBoolean(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v != null && v.asBoolean(false);
    }

    static Long optionalLong(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? null : v.asLong();
    }

    static Map<String, String> stringMap(JsonNode body, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = body.get(field);
        if (v != null && v.isObject()) {
            v.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}

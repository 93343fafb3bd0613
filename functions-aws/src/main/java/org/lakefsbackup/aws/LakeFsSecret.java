package org.lakefsbackup.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.lakefsbackup.core.error.ErrorCode;

/**
 * The lakeFS credentials kept in Secrets Manager as {@code {"access_key_id", "secret_access_key",
 * "endpoint_url"?}}. {@link #toString()} redacts the secret; never log {@link #secretAccessKey()}.
 */
public record LakeFsSecret(String accessKeyId, String secretAccessKey, String endpointUrl) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public LakeFsSecret {
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("the lakeFS secret must hold access_key_id and secret_access_key");
        }
        endpointUrl = endpointUrl == null || endpointUrl.isBlank() ? null : endpointUrl;
    }

    /** Parses a secret string; the message of a failure never contains the secret's text. */
    public static LakeFsSecret parse(String secretString) {
        JsonNode node;
        try {
            node = JSON.readTree(secretString == null ? "" : secretString);
        } catch (IOException e) {
            throw ErrorCode.INVALID_INPUT.exception("the lakeFS secret is not a JSON object");
        }
        if (node == null || !node.isObject()) {
            throw ErrorCode.INVALID_INPUT.exception("the lakeFS secret is not a JSON object");
        }
        return new LakeFsSecret(text(node, "access_key_id"), text(node, "secret_access_key"),
                text(node, "endpoint_url"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        return "LakeFsSecret[accessKeyId=" + accessKeyId + ", secretAccessKey=****, endpointUrl=" + endpointUrl + "]";
    }
}

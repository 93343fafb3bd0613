package org.lakefsbackup.core.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.error.InvalidInputException;

class AzureBlobStoreConfigTest {
    private static final String KEY = "c2VjcmV0LWtleS1vZi1hY2NvdW50LW9uZQ==";

    @Test
    void servesAnAccountAtItsOwnEndpointThenTheOverrideThenItsHost() {
        AzureBlobStoreConfig config = AzureBlobStoreConfig.builder()
                .endpointOverride(URI.create("http://127.0.0.1:10000"))
                .accountEndpoints(Map.of("special", URI.create("https://special.example.net")))
                .build();
        assertThat(config.endpointFor("special", "special.blob.core.windows.net"))
                .isEqualTo(URI.create("https://special.example.net"));
        assertThat(config.endpointFor("devstore", "devstore.blob.core.windows.net"))
                .isEqualTo(URI.create("http://127.0.0.1:10000/devstore"));
        assertThat(AzureBlobStoreConfig.defaults().endpointFor("gov", "gov.blob.core.usgovcloudapi.net"))
                .isEqualTo(URI.create("https://gov.blob.core.usgovcloudapi.net"));
    }

    @Test
    void parsesAccountKeysInAzuritesFormat() {
        assertThat(AzureBlobStoreConfig.parseAccountKeys("one:" + KEY + "; two:YWJj", "KEYS"))
                .isEqualTo(Map.of("one", KEY, "two", "YWJj"));
        assertThat(AzureBlobStoreConfig.parseAccountKeys(null, "KEYS")).isEmpty();
        assertThat(AzureBlobStoreConfig.parseAccountKeys(" ", "KEYS")).isEmpty();
    }

    @Test
    void refusesMalformedKeysWithoutShowingThem() {
        assertThatThrownBy(() -> AzureBlobStoreConfig.parseAccountKeys("one=" + KEY, "KEYS"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("KEYS")
                .hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> AzureBlobStoreConfig.parseAccountKeys("Bad_Name:" + KEY, "KEYS"))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> AzureBlobStoreConfig.parseAccountKeys("one:not base64!", "KEYS"))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("not base64!");
    }

    @Test
    void showsWhichAccountsHaveKeysButNeverAKey() {
        String shown = AzureBlobStoreConfig.builder().accountKeys(Map.of("one", KEY)).build().toString();
        assertThat(shown).contains("accountsWithKeys=[one]").doesNotContain(KEY);
    }

    @Test
    void validatesSizesAndEndpoints() {
        assertThatThrownBy(() -> AzureBlobStoreConfig.builder().singleCopyThreshold(257 * AzureBlobStoreConfig.MIB)
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("singleCopyThreshold");
        assertThatThrownBy(() -> AzureBlobStoreConfig.builder().blockSize(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blockSize");
        assertThatThrownBy(() -> AzureBlobStoreConfig.builder().endpointOverride(URI.create("ftp://x")).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AzureBlobStoreConfig.builder().accountKeys(Map.of("UPPER", KEY)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}

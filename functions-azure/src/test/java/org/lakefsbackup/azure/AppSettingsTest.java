package org.lakefsbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.functions.annotation.TimerTrigger;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.azure.functions.Triggers;
import org.lakefsbackup.core.config.Env;

/**
 * Every app setting the functions read is defined by {@code infra/azure/main.bicep}, or is on the short list of
 * settings left to their defaults on Azure (each with its reason); and every setting of this project's the template
 * defines is read by something (no misspelt name). What the functions read: the names of {@link Env} and
 * {@link AzureFunctionConfig}, the {@code %NAME%} references of {@code host.json} and of the triggers' annotations,
 * and the identity-based connections {@code host.json} names.
 */
class AppSettingsTest {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path TEMPLATE = MODULE.resolveSibling("infra").resolve("azure").resolve("main.bicep");

    /** Read by the functions, deliberately not set by the template. */
    private static final Map<String, String> DEFAULTED = Map.ofEntries(
            Map.entry(Env.S3_ENDPOINT, "S3 is reached only for cross-cloud copies, at AWS's endpoints"),
            Map.entry(Env.S3_REGION, "from the S3 location's bucket region (the SDK's chain)"),
            Map.entry(Env.S3_PATH_STYLE, "virtual-hosted S3 addressing"),
            Map.entry(Env.AZURE_ENDPOINT, "https://<account>.blob.core.windows.net (Azurite only)"),
            Map.entry(Env.AZURE_ACCOUNT_KEYS, "shared keys are disabled: the managed identity serves every account"),
            Map.entry(Env.AZURE_COPY_FROM_URLS, "on: Azure copies S3 objects itself"),
            Map.entry(Env.CA_BUNDLE, "the JVM's trust store"),
            Map.entry(Env.LOCAL_ROOT, "no local:// namespaces on Azure"),
            Map.entry(Env.RETRIES, "in-process retries only; Durable retries by the steps' policies"),
            Map.entry(AzureFunctionConfig.SITE_NAME, "set by Azure"));
    /** The tunables left to the core's defaults unless an operator sets them. */
    private static final Set<String> TUNABLES = Set.of(Env.CHUNK_SIZE, Env.CONCURRENCY, Env.TASK_TIMEOUT,
            Env.PLAN_BATCH_OBJECTS, Env.VERIFY_BATCH_OBJECTS, Env.DELETE_BATCH_OBJECTS, Env.LEASE_TTL);

    @Test
    void everySettingTheFunctionsReadIsDefinedByTheTemplate() throws Exception {
        Set<String> defined = templateSettings();
        Set<String> read = readByTheFunctions();
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(defined);
        missing.removeAll(DEFAULTED.keySet());
        missing.removeAll(TUNABLES);
        assertThat(missing).as("read by the functions, not defined in " + TEMPLATE).isEmpty();

        Set<String> stray = new TreeSet<>(defined);
        stray.removeIf(name -> !(name.startsWith("LAKEFS_") || name.startsWith("LAKECTL_")));
        stray.removeAll(read);
        assertThat(stray).as("defined by the template, read by nothing").isEmpty();

        assertThat(defined).as("identity-based host storage").contains("AzureWebJobsStorage__accountName",
                "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "AZURE_CLIENT_ID",
                "APPLICATIONINSIGHTS_CONNECTION_STRING");
    }

    @Test
    void theLakeFsKeyPairComesFromKeyVault() throws Exception {
        Map<String, String> values = templateValues();
        for (String secret : new String[] {Env.LAKEFS_ACCESS_KEY_ID, Env.LAKEFS_SECRET_ACCESS_KEY}) {
            assertThat(values.get(secret)).as(secret).startsWith("'@Microsoft.KeyVault(");
        }
        assertThat(values).doesNotContainKey(Env.AZURE_ACCOUNT_KEYS);
    }

    /** The names the functions read. */
    private static Set<String> readByTheFunctions() throws Exception {
        Set<String> names = new TreeSet<>();
        names.addAll(constants(Env.class));
        names.addAll(constants(AzureFunctionConfig.class));
        names.addAll(List.of(org.lakefsbackup.core.trigger.WebhookSecret.ENV,
                org.lakefsbackup.core.trigger.EventPolicy.REPOSITORIES_ENV,
                org.lakefsbackup.core.trigger.EventPolicy.BRANCHES_ENV)); // the webhook (EventWebhook)
        String hostJson = Files.readString(MODULE.resolve("host.json"));
        names.addAll(references(hostJson));
        Matcher connection = Pattern.compile("\"connectionName\"\\s*:\\s*\"([^\"]+)\"").matcher(hostJson);
        while (connection.find()) {
            names.add(connection.group(1) + "__accountName");
        }
        for (Method m : Triggers.class.getMethods()) {
            for (Parameter p : m.getParameters()) {
                TimerTrigger timer = p.getAnnotation(TimerTrigger.class);
                if (timer != null) {
                    names.addAll(references(timer.schedule()));
                }
            }
        }
        return names;
    }

    private static Set<String> references(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("%([A-Za-z0-9_]+)%").matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> constants(Class<?> type) throws IllegalAccessException {
        Set<String> names = new TreeSet<>();
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                names.add((String) f.get(null));
            }
        }
        return names;
    }

    private static Set<String> templateSettings() throws IOException {
        return templateValues().keySet();
    }

    /** The template's {@code var appSettings = [...]}: name to value expression. */
    private static Map<String, String> templateValues() throws IOException {
        String bicep = Files.readString(TEMPLATE);
        int start = bicep.indexOf("var appSettings = [");
        assertThat(start).as("var appSettings in " + TEMPLATE).isNotNegative();
        int end = bicep.indexOf("\n]", start);
        Matcher m = Pattern.compile("name:\\s*'([^']+)'\\s*\\n\\s*value:\\s*(.+)").matcher(bicep.substring(start, end));
        Map<String, String> values = new LinkedHashMap<>();
        while (m.find()) {
            values.put(m.group(1), m.group(2).trim());
        }
        assertThat(values).isNotEmpty();
        return values;
    }
}

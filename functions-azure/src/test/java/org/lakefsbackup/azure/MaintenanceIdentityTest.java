package org.lakefsbackup.azure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.step.StepDefinition;

/**
 * The steps that delete beyond run scratch run on the maintenance identity, the only one the Bicep lets delete
 * there; every other step runs on the Function App's identity, which may delete only under {@code _runs/}. (The
 * Durable scenarios run every activity under both identities' role conditions; see {@code RbacConditions}.)
 */
class MaintenanceIdentityTest {
    private static final Path TEMPLATE = Path.of("").toAbsolutePath().resolveSibling("infra").resolve("azure")
            .resolve("main.bicep");

    @Test
    void onlyPrunesDeletesAndTheDrillCleanUpDeleteBeyondScratch() {
        assertThat(StepCatalog.all().stream().filter(StepCatalog::deletesBeyondScratch).map(StepDefinition::name))
                .containsExactlyInAnyOrder("delete-unreferenced", "remove-forgotten", "cleanup-drill");
    }

    @Test
    void theDeletingStepsGetTheMaintenanceIdentitysStores() {
        try (AzureServices services = AzureServices.fromEnvironment(Map.of(
                AzureFunctionConfig.MAINTENANCE_CLIENT_ID, "00000000-0000-0000-0000-000000000001"))) {
            for (StepDefinition<?, ?> step : StepCatalog.all()) {
                if (StepCatalog.deletesBeyondScratch(step)) {
                    assertThat(services.stepsFor(step)).as(step.name()).isNotSameAs(services.steps());
                    assertThat(services.stepsFor(step).storage()).isNotSameAs(services.steps().storage());
                } else {
                    assertThat(services.stepsFor(step)).as(step.name()).isSameAs(services.steps());
                }
            }
        }
        try (AzureServices local = AzureServices.fromEnvironment(Map.of())) {
            assertThat(local.stepsFor(StepCatalog.DELETE_UNREFERENCED)).as("no maintenance identity configured")
                    .isSameAs(local.steps());
        }
    }

    @Test
    void theTemplateGivesTheAppBothIdentitiesAndEachItsCondition() throws Exception {
        String bicep = Files.readString(TEMPLATE);
        assertThat(bicep).contains("'${maintenanceIdentity.id}': {}");
        assertThat(setting(bicep, AzureFunctionConfig.MAINTENANCE_CLIENT_ID))
                .isEqualTo("maintenanceIdentity.properties.clientId");
        assertThat(assignment(bicep, "backupWriter")).contains("principalId: identity.properties.principalId",
                "condition: deleteOnlyScratch");
        assertThat(assignment(bicep, "backupMaintainer")).contains(
                "principalId: maintenanceIdentity.properties.principalId", "condition: maintenanceOnBackup");
        assertThat(assignment(bicep, "drillCleaner")).contains(
                "principalId: maintenanceIdentity.properties.principalId", "condition: maintenanceOnDrills");
        assertThat(bicep).as("the maintenance identity writes only scratch in the backup container")
                .containsPattern("var maintenanceOnBackup = '\\(\\$\\{writeActions} OR \\(@Resource\\[[^]]+:path] "
                        + "StringStartsWith \\\\'\\$\\{scratchPrefix}\\\\'\\)\\) AND ");
    }

    private static String setting(String bicep, String name) {
        Matcher m = Pattern.compile("name: '" + name + "'\\s*\\n\\s*value: (.+)").matcher(bicep);
        assertThat(m.find()).as(name + " in the app settings").isTrue();
        return m.group(1).trim();
    }

    private static String assignment(String bicep, String resource) {
        int start = bicep.indexOf("\n" + (resource.equals("drillCleaner") ? "module " : "resource ") + resource + " ");
        assertThat(start).as(resource).isNotNegative();
        int end = bicep.indexOf("\n}\n", start);
        return bicep.substring(start, end);
    }
}

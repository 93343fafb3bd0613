package org.lakefsbackup.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.aws.handler.StepFunctionHandler;
import org.lakefsbackup.aws.statemachines.CfnTemplate;

/**
 * The deployable jar (built by the shade plugin in {@code package}): the one handler every function of the SAM
 * template runs, no Azure SDK, no test kit.
 */
class LambdaJarIT {
    static final Path JAR = Path.of(System.getProperty("lambda.jar", "target/lakefs-backup-functions-aws-lambda.jar"));

    @Test
    void theLambdaJarHoldsTheTemplatesHandlerAndNoAzureOrTestClasses() throws IOException {
        assertThat(JAR).exists();
        List<String> azure = new ArrayList<>();
        List<String> testkit = new ArrayList<>();
        List<String> handlers = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            jar.stream().forEach(e -> {
                String n = e.getName();
                if (n.startsWith("com/azure/") || n.startsWith("com/microsoft/azure/")) {
                    azure.add(n);
                }
                if (n.startsWith("org/lakefsbackup/testkit/") || n.startsWith("org/gaul/")) {
                    testkit.add(n);
                }
                if (n.startsWith("org/lakefsbackup/aws/handler/") && n.endsWith("Handler.class")
                        && !n.endsWith("/StepHandler.class")) {
                    handlers.add(n);
                }
            });
            assertThat(jar.getEntry("software/amazon/awssdk/services/sfn/SfnClient.class"))
                    .as("the webhook's Step Functions client").isNotNull();
            var provider = jar.getEntry("META-INF/services/org.slf4j.spi.SLF4JServiceProvider");
            assertThat(provider).as("the JSON logging backend is registered").isNotNull();
            assertThat(new String(jar.getInputStream(provider).readAllBytes(), StandardCharsets.UTF_8).trim())
                    .isEqualTo("org.lakefsbackup.aws.logging.JsonLoggingProvider");
        }
        assertThat(azure).isEmpty();
        assertThat(testkit).isEmpty();
        assertThat(handlers).containsExactlyInAnyOrderElementsOf(handlersInTemplate());
        assertThat(Files.size(JAR)).as("jar size").isLessThan(40L * 1024 * 1024);
    }

    /**
     * Every handler class the SAM template deploys (each function's {@code Handler}, else the one in
     * {@code Globals}), as a jar entry name: one dispatching handler for every step's function, and the webhook's.
     */
    static List<String> handlersInTemplate() {
        CfnTemplate template = CfnTemplate.read(Path.of("../infra/aws/template.yaml"));
        Object global = CfnTemplate.map(template.section("Globals").get("Function")).get("Handler");
        java.util.Set<String> names = new java.util.TreeSet<>();
        template.resources("AWS::Serverless::Function").forEach((id, function) -> {
            Object handler = CfnTemplate.properties(function).getOrDefault("Handler", global);
            assertThat(handler).as(id + " has a handler").isInstanceOf(String.class);
            assertThat((String) handler).as(id).endsWith("::handleRequest");
            names.add(((String) handler).replace("::handleRequest", "").replace('.', '/') + ".class");
        });
        assertThat(names).containsExactlyInAnyOrder(StepFunctionHandler.class.getName().replace('.', '/') + ".class",
                org.lakefsbackup.aws.handler.WebhookHandler.class.getName().replace('.', '/') + ".class");
        return new ArrayList<>(names);
    }
}

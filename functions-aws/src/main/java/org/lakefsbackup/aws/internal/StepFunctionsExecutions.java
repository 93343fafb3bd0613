package org.lakefsbackup.aws.internal;

import java.util.Objects;
import org.lakefsbackup.aws.AwsFunctionConfig;
import org.lakefsbackup.aws.handler.WebhookHandler;
import org.lakefsbackup.core.error.ErrorCode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.SfnClientBuilder;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * The webhook function's AWS clients: {@code states:StartExecution} on the backup state machine, and the one read
 * of the webhook secret from Secrets Manager (its value is never logged, nor put into an error).
 */
public final class StepFunctionsExecutions implements WebhookHandler.Executions {
    private final SfnClient sfn;
    private final String stateMachineArn;
    private final AwsFunctionConfig config;

    StepFunctionsExecutions(SfnClient sfn, String stateMachineArn, AwsFunctionConfig config) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
        this.stateMachineArn = Objects.requireNonNull(stateMachineArn, "stateMachineArn");
        this.config = config;
    }

    /** Clients on the function's role, in its region. */
    public static StepFunctionsExecutions create(String stateMachineArn, AwsFunctionConfig config) {
        SfnClientBuilder b = SfnClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        if (config.shared().s3Region() != null) {
            b.region(Region.of(config.shared().s3Region()));
        }
        return new StepFunctionsExecutions(b.build(), stateMachineArn, config);
    }

    @Override
    public boolean start(String name, String input) {
        try {
            sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(input));
            return true;
        } catch (ExecutionAlreadyExistsException e) {
            return false;
        }
    }

    /** The plain-string secret {@code secretArn}. */
    public String secretString(String secretArn) {
        SecretsManagerClientBuilder b = SecretsManagerClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        if (config.secretsManagerEndpoint() != null) {
            b.endpointOverride(config.secretsManagerEndpoint());
        }
        if (config.shared().s3Region() != null) {
            b.region(Region.of(config.shared().s3Region()));
        }
        try (SecretsManagerClient client = b.build()) {
            String value = client.getSecretValue(r -> r.secretId(secretArn)).secretString();
            if (value == null || value.isBlank()) {
                throw ErrorCode.INVALID_INPUT.exception("the webhook secret " + secretArn + " has no string value");
            }
            return value;
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw ErrorCode.UNAUTHORIZED.exception("cannot read the webhook secret " + secretArn + ": "
                    + e.getClass().getSimpleName());
        }
    }
}

package org.lakefsbackup.aws.internal;

import java.net.URI;
import org.lakefsbackup.aws.LakeFsSecret;
import org.lakefsbackup.aws.SecretSource;
import org.lakefsbackup.core.error.ErrorCode;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.DecryptionFailureException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Fetches the lakeFS secret from Secrets Manager once and keeps it for the life of the execution environment.
 * Errors are the core's typed exceptions and never contain the secret's value. Thread-safe.
 */
public final class SecretsManagerSecretSource implements SecretSource, AutoCloseable {
    private final SecretsManagerClient client;
    private final String secretArn;
    private volatile LakeFsSecret cached;

    public SecretsManagerSecretSource(SecretsManagerClient client, String secretArn) {
        this.client = client;
        this.secretArn = secretArn;
    }

    /** A client on the function's role; {@code endpoint} and {@code region} may be {@code null}. */
    public static SecretsManagerSecretSource create(String secretArn, URI endpoint, String region,
                                                    AwsCredentialsProvider credentials) {
        SecretsManagerClientBuilder b = SecretsManagerClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        if (region != null) {
            b.region(Region.of(region));
        }
        if (credentials != null) {
            b.credentialsProvider(credentials);
        }
        return new SecretsManagerSecretSource(b.build(), secretArn);
    }

    @Override
    public LakeFsSecret fetch() {
        LakeFsSecret s = cached;
        if (s == null) {
            synchronized (this) {
                if (cached == null) {
                    cached = load();
                }
                s = cached;
            }
        }
        return s;
    }

    private LakeFsSecret load() {
        try {
            String value = client.getSecretValue(r -> r.secretId(secretArn)).secretString();
            return LakeFsSecret.parse(value);
        } catch (ResourceNotFoundException e) {
            throw ErrorCode.NOT_FOUND.exception("secret " + secretArn + " does not exist", e);
        } catch (DecryptionFailureException e) {
            throw ErrorCode.UNAUTHORIZED.exception("secret " + secretArn + " cannot be decrypted (KMS permission?)", e);
        } catch (SecretsManagerException e) {
            int status = e.statusCode();
            if (status == 400 && e.awsErrorDetails() != null
                    && "ThrottlingException".equals(e.awsErrorDetails().errorCode()) || status == 429) {
                throw ErrorCode.THROTTLED.exception("Secrets Manager throttled reading " + secretArn, e);
            }
            if (status == 401 || status == 403 || e.awsErrorDetails() != null
                    && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                throw ErrorCode.UNAUTHORIZED.exception("the function's role may not read secret " + secretArn, e);
            }
            if (status >= 500) {
                throw ErrorCode.UNAVAILABLE.exception("Secrets Manager answered " + status + " for " + secretArn, e);
            }
            throw ErrorCode.INVALID_INPUT.exception("cannot read secret " + secretArn + ": "
                    + (e.awsErrorDetails() == null ? status : e.awsErrorDetails().errorCode()), e);
        } catch (SdkClientException e) {
            throw ErrorCode.UNAVAILABLE.exception("Secrets Manager is unreachable: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}

package org.lakefsbackup.aws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Measures a handler's cold start in a fresh JVM: from JVM start to the no-arg constructor done (Lambda's init
 * phase: configuration, S3 and Secrets Manager clients) and the first invocation's framework path (JSON binding,
 * logging, metrics; an input rejected before any network call). Prints one line of JSON. Run with the Lambda jar
 * on the class path: {@code java -cp lambda.jar:test-classes org.lakefsbackup.aws.ColdInit <HandlerClass>}.
 */
public final class ColdInit {
    private ColdInit() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long t0 = System.currentTimeMillis();
        RequestStreamHandler h = (RequestStreamHandler) Class.forName(args[0]).getConstructor().newInstance();
        long constructed = System.currentTimeMillis();
        String code = "none";
        try {
            h.handleRequest(new ByteArrayInputStream("{\"execution_name\":\"cold\",\"input\":[]}"
                    .getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);
        } catch (RuntimeException e) {
            code = e.getClass().getSimpleName();
        }
        long invoked = System.currentTimeMillis();
        System.err.println("{\"handler\":\"" + args[0] + "\",\"jvm_to_main_ms\":" + (t0 - jvmStart)
                + ",\"init_ms\":" + (constructed - jvmStart) + ",\"first_invoke_ms\":" + (invoked - constructed)
                + ",\"error\":\"" + code + "\"}");
    }
}

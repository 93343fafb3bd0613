package org.lakefsbackup.aws.statemachines;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lakefsbackup.core.model.Json;

/**
 * The Node side of the state machine tests: {@code statemachines/} with its pinned packages (installed here with
 * {@code npm ci} from the lock file when missing, Node 22 among them). Fails, never skips, when npm is missing.
 */
final class NodeRunner {
    static final Path DIR = locate();

    private NodeRunner() {
    }

    private static Path locate() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("statemachines"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("statemachines/ not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("statemachines");
    }

    /** Node 22 from {@code node_modules}, after {@code npm ci} if needed. */
    static synchronized Path node() throws IOException, InterruptedException {
        Path node = DIR.resolve("node_modules/.bin/node");
        Path localSfn = DIR.resolve("node_modules/aws-local-stepfunctions/package.json");
        if (!Files.isExecutable(node) || !Files.exists(localSfn)) {
            Process p;
            try {
                p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IllegalStateException("npm is needed to install statemachines/ (Node 22 and "
                        + "aws-local-stepfunctions come from the npm registry); install Node.js with npm first", e);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("npm ci in " + DIR + " failed:\n" + out);
            }
        }
        if (!Files.isExecutable(node)) {
            throw new IllegalStateException(node + " is missing after npm ci");
        }
        return node;
    }

    /** Runs {@code node <args>} in statemachines/ and returns exit code and output. */
    static Result run(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(node().toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
        var err = new java.io.ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException e) {
                // process ended
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("node " + args + " did not finish");
        }
        drain.join();
        return new Result(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    /** Executes a definition through the shim; the parsed result line of run.mjs. */
    static JsonNode execute(LambdaShim shim, String definition, String executionName, Object input)
            throws IOException, InterruptedException {
        Result r = run(List.of("test/run.mjs", shim.endpoint().toString(), definition, executionName,
                Json.mapper().writeValueAsString(input)));
        if (r.exit() != 0) {
            throw new IllegalStateException("run.mjs failed (" + r.exit() + "):\n" + r.out() + r.err());
        }
        String[] lines = r.out().strip().split("\n");
        return Json.mapper().readTree(lines[lines.length - 1]);
    }

    record Result(int exit, String out, String err) {
    }
}

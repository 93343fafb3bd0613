package org.lakefsbackup.testkit.workflow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lakefsbackup.core.config.BackupConfig;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.error.LakeFsBackupException;
import org.lakefsbackup.core.lakefs.LakeFsConfig;
import org.lakefsbackup.core.lakefs.SdkLakeFsClient;
import org.lakefsbackup.core.lease.LeaseOwner;
import org.lakefsbackup.core.model.Json;
import org.lakefsbackup.core.step.Settings;
import org.lakefsbackup.core.step.StepServices;
import org.lakefsbackup.core.workflow.BackupAllWorkflow;
import org.lakefsbackup.core.workflow.BackupWorkflow;
import org.lakefsbackup.core.workflow.DrillWorkflow;
import org.lakefsbackup.core.workflow.InProcessRunner;
import org.lakefsbackup.core.workflow.PruneAllWorkflow;
import org.lakefsbackup.core.workflow.PruneWorkflow;
import org.lakefsbackup.core.workflow.RestoreWorkflow;
import org.lakefsbackup.core.workflow.RollingVerifyWorkflow;
import org.lakefsbackup.core.workflow.Workflow;

/**
 * The CLI's host: the core's workflows run by {@link InProcessRunner}. A crash is an {@link Error} thrown right after
 * the step's effects (nothing cleans up, as after kill -9; the crashed run took its leases as a process that is now
 * dead), and the operator runs the same execution again.
 */
final class InProcessHost implements WorkflowHost {
    private final ScenarioFixture f;
    private final SdkLakeFsClient lakefs;
    private final Map<String, Instant> started = new ConcurrentHashMap<>();
    private Map<String, String> env = Map.of();
    private String crashAfter;

    InProcessHost(ScenarioFixture f) {
        this.f = f;
        this.lakefs = new SdkLakeFsClient(new LakeFsConfig(URI.create(f.lakefs.endpoint()), ScenarioFixture.KEY,
                ScenarioFixture.SECRET));
    }

    /** The crash of a killed process. */
    private static final class Crash extends Error {
        Crash(String step) {
            super("simulated kill after " + step);
        }
    }

    @Override
    public Execution run(String workflow, String executionName, Map<String, Object> input) {
        Map<String, Integer> steps = new ConcurrentHashMap<>();
        String crash = crashAfter;
        crashAfter = null;
        if (crash != null) {
            try {
                run(workflow, executionName, input, steps, crash);
                throw new AssertionError("the run never reached " + crash);
            } catch (Crash expected) {
                // the process died after the step; its operator runs the same thing again
            }
        }
        return run(workflow, executionName, input, steps, null);
    }

    private Execution run(String workflow, String executionName, Map<String, Object> input,
                          Map<String, Integer> steps, String crash) {
        Settings settings = BackupConfig.settings(env, Settings.defaults());
        StepServices services = new StepServices(lakefs, f.storage, Clock.systemUTC(), settings);
        if (crash != null) {
            services = services.as(new LeaseOwner(LeaseOwner.currentProcess().host(), Long.MAX_VALUE));
        }
        InProcessRunner.Listener listener = new InProcessRunner.Listener() {
            @Override
            public void stepStarted(String step, Object in) {
                steps.merge(step, 1, Integer::sum);
            }

            @Override
            public void stepFinished(String step, Object out) {
                if (step.equals(crash)) {
                    throw new Crash(step);
                }
            }
        };
        InProcessRunner runner = new InProcessRunner(services, d -> Thread.sleep(Math.min(d.toMillis(), 50)),
                ProgressListener.NONE, listener);
        try {
            Object output = switch (workflow) {
                case "backup" -> runner.run(new BackupWorkflow(), bind(new BackupWorkflow(), input, executionName));
                case "restore" -> runner.run(new RestoreWorkflow(), bind(new RestoreWorkflow(), input, executionName));
                case "backup-all" -> runner.run(new BackupAllWorkflow(), bind(new BackupAllWorkflow(), input,
                        executionName));
                case "prune" -> runner.run(new PruneWorkflow(), bind(new PruneWorkflow(), input, executionName));
                case "prune-all" -> runner.run(new PruneAllWorkflow(), bind(new PruneAllWorkflow(), input,
                        executionName));
                case "drill" -> runner.run(new DrillWorkflow(), bind(new DrillWorkflow(), input, executionName));
                case "rolling-verify" -> runner.run(new RollingVerifyWorkflow(), bind(new RollingVerifyWorkflow(),
                        input, executionName));
                default -> throw new IllegalArgumentException(workflow);
            };
            return new Execution(true, null, Json.mapper().valueToTree(output), steps);
        } catch (LakeFsBackupException e) {
            return new Execution(false, e.getClass().getName(), null, steps);
        }
    }

    /** The input record with the run id (and start) taken from the execution, as the Step Functions host does. */
    private <I> I bind(Workflow<I, ?> workflow, Map<String, Object> input, String executionName) {
        ObjectNode node = Json.mapper().valueToTree(new HashMap<>(input));
        if (!workflow.name().endsWith("-all")) {
            node.put("run_id", executionName);
        }
        if (workflow.name().equals("backup") || workflow.name().equals("drill")) {
            node.put("started_at", started.computeIfAbsent(executionName, k -> Instant.now()).toString());
        }
        try {
            return Json.mapper().treeToValue(node, workflow.inputType());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void crashAfter(String step) {
        crashAfter = step;
    }

    @Override
    public void environment(Map<String, String> variables) {
        env = Map.copyOf(variables);
    }

    @Override
    public void close() {
        lakefs.close();
    }
}

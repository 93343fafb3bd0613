package org.lakefsbackup.aws.handler;

import java.util.List;
import org.lakefsbackup.aws.FunctionServices;
import org.lakefsbackup.aws.Metrics;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.step.RunRef;

/** Backup step 8: writes the generation's manifest, the commit point. */
public final class CommitGenerationHandler extends StepHandler<RunRef, GenerationResult> {
    /** Lambda's constructor: builds the clients once per execution environment. */
    public CommitGenerationHandler() {
        this(FunctionServices.fromEnvironment());
    }

    public CommitGenerationHandler(FunctionServices services) {
        super("commit-generation", RunRef.class, services);
    }

    @Override
    protected GenerationResult handle(RunRef input, FunctionServices s) {
        return s.backupSteps().commitGeneration(input);
    }

    @Override
    protected String repository(RunRef input) {
        return input.repository();
    }

    @Override
    protected List<Metrics.Value> metrics(GenerationResult output) {
        return List.of(Metrics.count("GenerationObjects", output.objects()), Metrics.bytes("GenerationBytes", output.bytes()));
    }
}

package org.lakefsbackup.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.testkit.cli.JsonOutputContract;

class DemoCommandTest {

    @Test
    void theDemoRunsTheProductCommandsAndEachSucceeds() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = ToolsMain.run(new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), "demo");

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("$ lakefs-backup backup demo-repo --to " + DemoCommand.BACKUP)
                .contains("$ lakefs-backup restore demo-repo --from " + DemoCommand.BACKUP + " --as demo-restored")
                .containsPattern("backed up demo-repo as generation \\S+: \\d+ objects")
                .containsPattern("restored generation \\S+ as demo-restored")
                .containsPattern("generation \\S+ verified")
                .contains("done in");
    }

    @Test
    void withJsonTheDemoPrintsOneEnvelopeListingTheCommandsItRan() {
        StringWriter out = new StringWriter();
        int exit = ToolsMain.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), Map.of(),
                "demo", "--json", "-q");
        assertThat(exit).isZero();
        JsonNode envelope = JsonOutputContract.validate(out.toString());
        assertThat(envelope.get("command").asText()).isEqualTo("demo");
        assertThat(envelope.get("result")).hasSize(5).allSatisfy(step -> assertThat(step.get("exit_code").asInt())
                .isZero());
    }
}

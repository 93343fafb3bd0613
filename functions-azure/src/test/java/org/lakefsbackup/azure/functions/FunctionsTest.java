package org.lakefsbackup.azure.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.durabletask.azurefunctions.DurableActivityTrigger;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lakefsbackup.azure.durable.DurableWorkflowContext;
import org.lakefsbackup.azure.durable.DurableWorkflows;
import org.lakefsbackup.azure.durable.WorkflowTrigger;
import org.lakefsbackup.core.error.InvalidInputException;
import org.lakefsbackup.core.step.StepCatalog;
import org.lakefsbackup.core.step.StepDefinition;

/** The functions are the catalog's rows and the core's workflows, nothing more and nothing less. */
class FunctionsTest {
    private static Map<String, Method> functions(Class<?> type) {
        return Arrays.stream(type.getMethods()).filter(m -> m.isAnnotationPresent(FunctionName.class))
                .collect(Collectors.toMap(m -> m.getAnnotation(FunctionName.class).value(), m -> m, (a, b) -> {
                    throw new AssertionError("two functions named " + a.getName());
                }, TreeMap::new));
    }

    @Test
    void everyCatalogStepIsAnActivityOfItsNameThatRunsThatStep() throws Exception {
        Map<String, Method> activities = functions(Activities.class);
        assertThat(activities.keySet()).containsExactlyInAnyOrderElementsOf(
                StepCatalog.all().stream().map(StepDefinition::name).collect(Collectors.collectingAndThen(
                        Collectors.toList(), l -> {
                            l.add(DurableWorkflowContext.SETTINGS_ACTIVITY);
                            return l;
                        })));
        Activities target = new Activities(() -> null);
        for (StepDefinition<?, ?> step : StepCatalog.all()) {
            Method m = activities.get(step.name());
            assertThat(m.getParameters()[0].isAnnotationPresent(DurableActivityTrigger.class)).as(step.name())
                    .isTrue();
            // the step binds its own input type: an envelope without one is refused naming the step
            assertThatThrownBy(() -> invoke(m, target, "{\"instance\": \"i-1\"}", null))
                    .isInstanceOf(InvalidInputException.class).hasMessageStartingWith(step.name() + ": ");
        }
    }

    @Test
    void everyWorkflowIsAnOrchestrationOfItsName() {
        Map<String, Method> orchestrations = functions(Orchestrations.class);
        assertThat(orchestrations.keySet()).containsExactlyInAnyOrder("backup", "restore", "backup-all", "prune",
                "prune-all", "drill", "rolling-verify", DurableWorkflowContext.FAN_OUT);
        assertThat(DurableWorkflows.WORKFLOWS.keySet()).allSatisfy(name -> assertThat(orchestrations).containsKey(name));
        orchestrations.values().forEach(m -> assertThat(m.getParameters()[0].isAnnotationPresent(
                WorkflowTrigger.class)).as(m.getName()).isTrue());
    }

    @Test
    void theTimersAreTheScheduledBackupTheScheduledRollingVerificationAndTheRpoCheck() {
        Map<String, Method> triggers = functions(Triggers.class);
        assertThat(triggers.entrySet().stream().filter(e -> e.getValue().getParameters()[0].isAnnotationPresent(
                com.microsoft.azure.functions.annotation.TimerTrigger.class)).map(Map.Entry::getKey))
                .containsExactlyInAnyOrder("scheduled-backup", "scheduled-rolling-verify", "rpo-check");
        assertThat(triggers.get("scheduled-rolling-verify").getParameters()[0].getAnnotation(
                com.microsoft.azure.functions.annotation.TimerTrigger.class).schedule())
                .isEqualTo("%" + org.lakefsbackup.azure.AzureFunctionConfig.ROLLING_VERIFY_SCHEDULE + "%");
        var rpo = triggers.get("rpo-check").getParameters()[0]
                .getAnnotation(com.microsoft.azure.functions.annotation.TimerTrigger.class);
        assertThat(rpo.schedule()).as("every 15 minutes (NCRONTAB with seconds)").isEqualTo("0 */15 * * * *");
    }

    private static Object invoke(Method m, Object target, Object... args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

package org.lakefsbackup.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lakefsbackup.core.error.ErrorCode;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How every command runs, for the product's command line and the tools': the global options are applied, the
 * command runs, and whatever it returned or threw ends as one exit code with one error line (or, with
 * {@code --json}, one JSON envelope). Usage errors are one line that points to {@code --help}; a value that came from
 * an environment variable is reported under the variable's name.
 */
public final class CommandLines {
    private static final Pattern OPTION_IN_MESSAGE = Pattern.compile("option '(--[a-z0-9-]+)(=[^']*)?'");

    private CommandLines() {
    }

    /**
     * Configures {@code cl} to run through {@code console}.
     *
     * @param beforeCommand runs after parsing and before the command (e.g. applying a CA bundle); what it throws is
     *                      reported as the command's failure
     */
    public static CommandLine configure(CommandLine cl, Console console, Runnable beforeCommand) {
        cl.setOut(console.out());
        cl.setErr(console.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionStrategy(parseResult -> execute(parseResult, console, beforeCommand));
        cl.setParameterExceptionHandler((e, args) -> usageError(e, args, console));
        return cl;
    }

    private static int execute(CommandLine.ParseResult parseResult, Console console, Runnable beforeCommand) {
        if (CommandLine.printHelpIfRequested(parseResult)) {
            return 0;
        }
        List<CommandLine> parsed = parseResult.asCommandLineList();
        CommandLine leaf = parsed.get(parsed.size() - 1);
        if (parsed.size() == 1 && !leaf.getSubcommands().isEmpty()) {
            throw new CommandLine.ParameterException(leaf, "a command is required: "
                    + String.join(", ", leaf.getSubcommands().keySet()));
        }
        String command = leaf.getCommandName();
        Logging.configure(console.err(), console.verbosity());
        Console.Failure failure = null;
        int exit = 0;
        try {
            beforeCommand.run();
            Interruption.started(leaf.getCommandSpec().qualifiedName(), leaf.getCommand());
            exit = new CommandLine.RunLast().execute(parseResult);
        } catch (CommandLine.ExecutionException e) {
            failure = Failures.of(e.getCause() != null ? e.getCause() : e);
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (RuntimeException e) {
            failure = Failures.of(e);
        } finally {
            Interruption.finished();
        }
        return console.finish(command, exit, failure);
    }

    private static int usageError(CommandLine.ParameterException e, String[] args, Console console) {
        CommandLine cl = e.getCommandLine();
        String message = fromEnvironment(e, args, cl).orElse(e.getMessage());
        String help = "see '" + cl.getCommandSpec().qualifiedName() + " --help'";
        // The option may not have been applied when parsing failed: look at what was typed.
        console.json(console.json() || Arrays.asList(args).contains("--json"));
        Console.Failure failure = new Console.Failure(ErrorCode.INVALID_INPUT, message + " (" + help + ")", null);
        return console.finish(cl.getCommandName(), ErrorCode.INVALID_INPUT.exitCode(), failure);
    }

    /**
     * A bad value that came from the environment, not the command line, named by its variable: "environment
     * variable LAKEFS_BACKUP_CONCURRENCY: 'x' is not an int" instead of "option '--concurrency'".
     */
    private static Optional<String> fromEnvironment(CommandLine.ParameterException e, String[] args,
                                                              CommandLine cl) {
        if (!(e.getArgSpec() instanceof OptionSpec option)
                || !(cl.getDefaultValueProvider() instanceof EnvironmentDefaultProvider env)
                || typed(option, args)) {
            return Optional.empty();
        }
        String variable = env.variableFor(option);
        if (variable == null) {
            return Optional.empty();
        }
        Matcher m = OPTION_IN_MESSAGE.matcher(e.getMessage());
        String message = m.find() ? m.replaceFirst(Matcher.quoteReplacement("environment variable " + variable))
                : "environment variable " + variable + ": " + e.getMessage();
        return Optional.of(message);
    }

    private static boolean typed(OptionSpec option, String[] args) {
        for (String arg : args) {
            if ("--".equals(arg)) {
                return false;
            }
            for (String name : option.names()) {
                if (arg.equals(name) || arg.startsWith(name + "=") || (!name.startsWith("--") && arg.startsWith(name))) {
                    return true;
                }
            }
        }
        return false;
    }
}

package org.lakefsbackup.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * {@code lakefs-backup webhook} run in-process on a free port, as a test drives it from any package: started with an
 * environment and arguments, stopped as SIGTERM stops it.
 */
public final class WebhookProcess implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("\\(port (\\d+)\\)");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final WebhookCommand command;
    private final Thread serving;
    private final int[] exit = {-1};
    private final String url;

    private WebhookProcess(Map<String, String> env, Duration wait, String... args) throws InterruptedException {
        CommandLine cl = LakeFsBackupCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), env);
        command = cl.getSubcommands().get("webhook").getCommand();
        String[] all = new String[args.length + 3];
        all[0] = "webhook";
        all[1] = "--listen";
        all[2] = "127.0.0.1:0";
        System.arraycopy(args, 0, all, 3, args.length);
        serving = new Thread(() -> exit[0] = cl.execute(all), "webhook-under-test");
        serving.start();
        await("the webhook server to listen", wait, () -> PORT.matcher(out.toString()).find() || !serving.isAlive());
        Matcher m = PORT.matcher(out.toString());
        if (!m.find()) {
            throw new AssertionError("the webhook did not start:\n" + out + "\n" + err);
        }
        url = "http://127.0.0.1:" + m.group(1) + WebhookServer.PATH;
    }

    /** Starts {@code webhook --listen 127.0.0.1:0 <args>} and waits (at most {@code wait}) until it listens. */
    public static WebhookProcess start(Map<String, String> env, Duration wait, String... args)
            throws InterruptedException {
        return new WebhookProcess(env, wait, args);
    }

    /** The URL lakeFS actions post to. */
    public String url() {
        return url;
    }

    /** Whether no backup the webhook started is running. */
    public boolean idle() {
        return command.idle();
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    /** Stops the server (as SIGTERM does), waits for it, and returns its exit code. */
    public int stop() throws InterruptedException {
        command.stop.countDown();
        serving.join(Duration.ofSeconds(60).toMillis());
        return exit[0];
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Polls {@code condition} every 200 ms until it holds; fails after {@code wait}. */
    public static void await(String what, Duration wait, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + wait + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}

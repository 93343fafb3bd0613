package org.lakefsbackup.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.lakefsbackup.core.copy.ProgressListener;
import org.lakefsbackup.core.error.ErrorCode;
import org.lakefsbackup.core.lakefs.RepositoryInfo;
import org.lakefsbackup.core.step.BackupRequest;
import org.lakefsbackup.core.step.GenerationResult;
import org.lakefsbackup.core.store.Location;
import org.lakefsbackup.core.trigger.EventMarks;
import org.lakefsbackup.core.trigger.EventPolicy;
import org.lakefsbackup.core.trigger.EventTrigger;
import org.lakefsbackup.core.trigger.WebhookSecret;
import org.lakefsbackup.core.workflow.BackupWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code webhook}: serves the endpoint lakeFS actions call after {@code post-commit} and {@code post-merge}, and runs
 * the backups it starts in this process (docs/event-backups.md). Runs until stopped (SIGTERM or Ctrl-C), then waits
 * for running backups a while.
 */
@Command(name = "webhook", mixinStandardHelpOptions = true,
        description = "Serve a webhook for lakeFS actions: a commit or merge to a configured branch of a configured "
                + "repository starts a backup of it in this process; events during a backup start one follow-up. "
                + "The shared secret comes from LAKEFS_BACKUP_WEBHOOK_SECRET (never an option).")
final class WebhookCommand implements Callable<Integer> {
    @ParentCommand
    LakeFsBackupCommand top;

    @Option(names = "--listen", paramLabel = "[HOST]:PORT", defaultValue = "127.0.0.1:8080",
            description = "address to listen on (default ${DEFAULT-VALUE}; ':8080' listens on every interface)")
    String listen;

    @Option(names = "--to", required = true, paramLabel = "LOCATION",
            description = "backup location (env LAKEFS_BACKUP_LOCATION)")
    String backup;

    @Option(names = "--repositories", split = ",", paramLabel = "REPOSITORY",
            description = "the repositories events may back up, or * for every one (else env "
                    + EventPolicy.REPOSITORIES_ENV + ")")
    List<String> repositories;

    @Option(names = "--branches", split = ",", paramLabel = "PATTERN",
            description = "branch patterns whose commits and merges start backups, * as wildcard (else env "
                    + EventPolicy.BRANCHES_ENV + "; default: the repository's default branch)")
    List<String> branches;

    @Option(names = "--commit", description = "commit uncommitted changes on every branch first")
    boolean commit;

    @Mixin
    TuningOptions tuning;

    /** Counted down on SIGTERM (and by tests): stops the server. */
    final CountDownLatch stop = new CountDownLatch(1);
    private volatile WebhookServer serving;

    /** Whether the server is up and no backup it started is running. */
    boolean idle() {
        WebhookServer s = serving;
        return s != null && s.idle();
    }

    @Override
    public Integer call() throws Exception {
        String secretValue = top.env.get(WebhookSecret.ENV);
        if (secretValue == null || secretValue.isBlank()) {
            throw ErrorCode.INVALID_INPUT.exception("set " + WebhookSecret.ENV + " to the secret the lakeFS action "
                    + "sends in its " + WebhookSecret.HEADER + " header");
        }
        WebhookSecret secret = WebhookSecret.of(secretValue);
        Map<String, String> policyEnv = new HashMap<>(top.env);
        if (repositories != null) {
            policyEnv.put(EventPolicy.REPOSITORIES_ENV, String.join(",", repositories));
        }
        if (branches != null) {
            policyEnv.put(EventPolicy.BRANCHES_ENV, String.join(",", branches));
        }
        EventPolicy policy = EventPolicy.fromEnvironment(policyEnv);
        Location location = Location.parse(backup);
        try (var lakefs = CliContext.lakefs(top); var storage = CliContext.storage(top)) {
            var services = CliContext.services(lakefs, storage, tuning.settings());
            EventTrigger trigger = new EventTrigger(secret, policy, location, new EventMarks(storage),
                    services.leases(), repo -> lakefs.getRepository(repo).map(RepositoryInfo::defaultBranch),
                    Clock.systemUTC());
            Console console = top.console;
            WebhookServer.Backups backups = (repository, runName) -> {
                GenerationResult g = LocalRun.run(services, ProgressListener.NONE, new BackupWorkflow(),
                        new BackupRequest(repository, backup, commit, runName, Instant.now(), false)).result();
                console.say("backed up " + g.repository() + " as generation " + g.generation() + " (run " + runName
                        + ")");
            };
            WebhookServer server;
            try {
                server = WebhookServer.start(address(listen), trigger, backups);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + listen, e);
            }
            serving = server;
            Thread hook = new Thread(stop::countDown, "webhook-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            console.say("serving lakeFS webhooks on " + listen + " at " + WebhookServer.PATH + " (port "
                    + server.port() + ")");
            try {
                stop.await();
            } finally {
                server.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is stopping: the hook runs anyway
                }
            }
            return ExitCodes.OK;
        }
    }

    /** {@code [HOST]:PORT}: an empty host listens on every interface. */
    static InetSocketAddress address(String listen) {
        int colon = listen.lastIndexOf(':');
        try {
            int port = Integer.parseInt(listen.substring(colon + 1));
            String host = colon <= 0 ? "" : listen.substring(0, colon);
            return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        } catch (RuntimeException e) {
            throw ErrorCode.INVALID_INPUT.exception("--listen takes [HOST]:PORT, e.g. 127.0.0.1:8080 or :8080, not '"
                    + listen + "'");
        }
    }
}
